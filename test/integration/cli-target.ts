import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Where the berth CLI integration tests point: a running berthd named by
 * BERTH_TEST_HOST (e.g. unix:///run/berth/berth.sock). Without it the tests skip.
 */
export const TEST_HOST = process.env['BERTH_TEST_HOST'];
export const SKIP = TEST_HOST
  ? false
  : 'BERTH_TEST_HOST is not set: point it at a running berthd (e.g. BERTH_TEST_HOST=unix:///run/berth/berth.sock) to run the berth CLI integration tests';

// The bundled CLI users run (bin/berth), not the per-module build.
const MAIN = fileURLToPath(new URL('../../../bin/berth', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built berth CLI against TEST_HOST. */
export function berth(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env['PATH'], DOCKER_HOST: TEST_HOST, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** berth that must succeed: returns trimmed stdout, or fails with the CLI's own words. */
export async function ok(args: string[], opts: Parameters<typeof berth>[1] = {}): Promise<string> {
  const r = await berth(args, opts);
  if (r.code !== 0) throw new Error(`berth ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
  return r.stdout.trim();
}

/** Makes sure busybox:latest exists, bootstrapping it from the host's busybox-static. */
export async function ensureBusybox(): Promise<void> {
  if ((await berth(['image', 'inspect', 'busybox:latest'])).code === 0) return;
  await ok(['image', 'bootstrap', 'busybox']);
}

let counter = 0;
/** A container name no other test (or run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

/** True when the daemon says it doesn't implement what the command needed (then the test skips). */
export function unsupported(r: CliResult): boolean {
  return r.code !== 0 && /not implemented|page not found|not supported/i.test(r.stderr);
}
