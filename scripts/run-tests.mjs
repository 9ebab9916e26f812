// Runs every compiled test file with node's test runner: unit tests (beside the code) first,
// then integration tests (real berthd, real containers) one file at a time.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

// crun refuses to run on a cgroup v1/v2 hybrid host whose cgroup2 mount still holds controllers;
// berthd fixes that at start, but some tests drive crun directly before any berthd runs.
const { detectCgroupLayout } = await import(join(root, 'dist/src/sys/cgroups/cgroup-layout.js'));
const { fixHybridControllers } = await import(join(root, 'dist/src/sys/cgroups/hybrid-controllers-fix.js'));
const fixed = fixHybridControllers(detectCgroupLayout());
if (fixed.moved.length) console.log(`# moved cgroup controllers off the cgroup2 mount: ${fixed.moved.join(', ')}`);

const only = process.argv.slice(2);
const files = [...find(join(root, 'dist/src')), ...find(join(root, 'dist/test'))]
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
// The berth CLI integration tests (test/integration/cli-*) talk to BERTH_TEST_HOST; unless one is
// given, they get a daemon of their own on temporary roots for the whole run.
let daemon;
if (!process.env.BERTH_TEST_HOST && files.some((f) => f.includes('/cli-'))) {
  const { BerthDaemon } = await import(join(root, 'dist/test/harness/berthd-harness.js'));
  daemon = await BerthDaemon.start();
  process.env.BERTH_TEST_HOST = daemon.host;
}
// A hung test fails after TEST_TIMEOUT_MS instead of eating CI's budget; the whole run has a ceiling too.
const perTest = process.env.TEST_TIMEOUT_MS ?? '180000';
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', `--test-timeout=${perTest}`, '--test-force-exit', ...files], {
  stdio: 'inherit',
  timeout: 45 * 60_000,
  killSignal: 'SIGKILL',
});
if (r.error) console.error(`# test run aborted: ${r.error.message}`);
await daemon?.[Symbol.asyncDispose]();
process.exit(r.status ?? 1);
