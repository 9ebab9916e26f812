import assert from 'node:assert/strict';
import type { BerthDaemon, CommandResult } from '../harness/berthd-harness.js';

type DockerOptions = Parameters<BerthDaemon['docker']>[1];

/**
 * The two ways integration tests call the stock docker CLI: `ok` expects exit 0 and returns the
 * trimmed stdout (failing with the CLI's stderr, so a broken engine explains itself); `fails`
 * expects a given non-zero exit code and returns the whole result for message checks.
 */
export interface DockerRunner {
  ok(args: string[], opts?: DockerOptions): Promise<string>;
  fails(code: number, args: string[], opts?: DockerOptions): Promise<CommandResult>;
}

export function dockerRunner(daemon: () => BerthDaemon): DockerRunner {
  return {
    async ok(args, opts) {
      const r = await daemon().docker(args, opts);
      assert.equal(r.code, 0, `docker ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
      return r.stdout.trim();
    },
    async fails(code, args, opts) {
      const r = await daemon().docker(args, opts);
      assert.equal(r.code, code, `docker ${args.join(' ')} exited ${r.code}, want ${code}: ${r.stderr}${r.stdout}`);
      return r;
    },
  };
}
