import { ClientError } from '../../client/client-error.js';
import type { CommandSpec } from '../command-spec.js';
import { buildContainerOptions, type ContainerOptions } from '../options/container-request.js';
import { containerFlags } from '../options/container-flags.js';
import { createContainer } from '../streams/create-container.js';
import { consoleSize } from '../streams/tty-size.js';

export const containerCreate: CommandSpec = {
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'Create a new container',
  flags: containerFlags,
  interspersed: false,
  args: { min: 1 },
  async run(ctx, args) {
    let opts: ContainerOptions;
    try {
      opts = buildContainerOptions(args, ctx.env);
    } catch (err) {
      throw await runError(err, 'create');
    }
    if (opts.body.Tty) {
      const size = consoleSize(ctx.stdout);
      if (size) opts.body.HostConfig = { ...opts.body.HostConfig, ConsoleSize: size };
    }
    // Unlike run, docker's create reports daemon errors plainly (exit 1).
    try {
      ctx.out(`${await createContainer(ctx, opts, ctx.stderr)}\n`);
    } catch (err) {
      if (err instanceof ClientError) throw err;
      throw await runError(err, 'create');
    }
  },
};

/** docker's run/create error report; loaded only when something failed. */
async function runError(err: unknown, command: string): Promise<Error> {
  const { runStatusError } = await import('../run-status-error.js');
  return runStatusError(err, command);
}
