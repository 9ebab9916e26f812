import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pipeline } from 'node:stream';
import { promisify } from 'node:util';
import { EngineError } from '../../core/engine-error.js';
import { BusyboxFixture } from './busybox-fixture.js';
import { connectAttach } from './connect-attach.js';
import { connectUnix } from './connect-unix.js';
import { FrameDecoder, type StdioFrame } from './frame-decoder.js';
import { isMonitorAlive } from './is-monitor-alive.js';
import { MonitorControl } from './monitor-control.js';
import { MonitorLauncher, type MonitorStartOptions } from './monitor-launcher.js';
import { monitorPaths } from './monitor-paths.js';
import { readCriLog } from './read-cri-log.js';
import { readExitFile } from './read-exit-file.js';
import { RuntimeStartError } from './runtime-start-error.js';

// Real containers: needs root, crun and busybox. Run from the repository root.
const repo = process.cwd();
const binary = resolve(repo, 'native/build/berth-monitor');
const launcher = new MonitorLauncher({ binary });
let fx: BusyboxFixture;
const monitors = new Set<number>();

before(async () => {
  await promisify(execFile)('make', ['-s', '-C', resolve(repo, 'native')]);
  fx = await BusyboxFixture.create();
});

after(async () => {
  for (const pid of monitors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  await fx?.dispose();
});

interface Output {
  stdout: string;
  stderr: string;
  frames: StdioFrame[];
}

async function collect(socket: Socket): Promise<Output> {
  const out: Output = { stdout: '', stderr: '', frames: [] };
  const decoder = new FrameDecoder();
  pipeline(socket, decoder, () => {}); // a destroyed socket fails the iteration instead of hanging it
  for await (const frame of decoder as AsyncIterable<StdioFrame>) {
    out.frames.push(frame);
    if (frame.stream === 1) out.stdout += frame.data.toString();
    else out.stderr += frame.data.toString();
  }
  return out;
}

/** The exit is reported just before the monitor process ends. */
async function monitorGone(dir: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!(await isMonitorAlive(dir))) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

type Opts = Partial<Omit<MonitorStartOptions, 'dir' | 'argv'>>;

/** Starts a container with an attach client connected before it runs. */
async function start(id: string, args: string[], opts: Opts = {}) {
  const { id: containerId, dir, argv } = await fx.prepare(id, args, { tty: opts.tty ?? false });
  let attach!: Socket;
  const started = await launcher.start({
    dir,
    argv,
    tty: false,
    stdin: false,
    stdinOnce: false,
    ...opts,
    beforeGo: async () => {
      attach = await connectAttach(dir);
    },
  });
  monitors.add(started.monitorPid);
  const ctl = await MonitorControl.open(dir);
  return { id: containerId, dir, started, attach, output: collect(attach), ctl };
}

describe('berth-monitor', () => {
  test('relays stdout and stderr to attach clients and the CRI log, and records the exit code', async () => {
    const { dir, started, output, ctl } = await start('out', ['sh', '-c', 'echo hi; echo err >&2; printf tail; exit 3'], {
      logPath: join(fx.root, 'c/out.log'),
    });
    assert.ok(started.pid > 0);
    const out = await output;
    assert.equal(out.stdout, 'hi\ntail');
    assert.equal(out.stderr, 'err\n');
    assert.deepEqual(new Set(out.frames.map((f) => f.stream)), new Set([1, 2]));
    assert.equal(await ctl.exited, 3);
    assert.equal(await readExitFile(dir), 3);
    assert.ok(await monitorGone(dir));

    const log = await readFile(join(fx.root, 'c/out.log'), 'utf8');
    const records = log.split('\n').filter(Boolean);
    const byStream = (s: string) => records.filter((r) => r.split(' ')[1] === s).map((r) => r.split(' ').slice(2).join(' '));
    assert.deepEqual(byStream('stdout'), ['F hi', 'P tail']);
    assert.deepEqual(byStream('stderr'), ['F err']);
    for (const r of records) assert.match(r, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr) [FP] /);
    const lines = [];
    for await (const l of readCriLog(join(fx.root, 'c/out.log'))) lines.push(`${l.stream}:${l.line}`);
    assert.deepEqual(lines.sort(), ['stderr:err\n', 'stdout:hi\n', 'stdout:tail']);
  });

  test('the container inherits no descriptor but its stdio', async () => {
    const { output, ctl } = await start('fds', ['sh', '-c', 'ls /proc/$$/fd; true'], { stdin: true });
    assert.equal((await output).stdout, '0\n1\n2\n');
    assert.equal(await ctl.exited, 0);
  });

  test('a container killed by SIGKILL exits 137', async () => {
    const { id, dir, ctl, output } = await start('killed', ['sleep', '60']);
    assert.equal(await isMonitorAlive(dir), true);
    await fx.crun('kill', id, 'KILL');
    assert.equal(await ctl.exited, 137);
    await output;
    assert.equal(await readExitFile(dir), 137);
  });

  test('stdin from an attach client reaches cat; its half-close ends stdin with stdinOnce', async () => {
    const { attach, output, ctl } = await start('cat', ['cat'], { stdin: true, stdinOnce: true });
    attach.write('hello\nworld\n');
    attach.end();
    assert.equal((await output).stdout, 'hello\nworld\n');
    assert.equal(await ctl.exited, 0);
  });

  test('a client disconnect does not affect the container or close its stdin', async () => {
    const { dir, attach, output, ctl } = await start('disc', ['sh', '-c', 'read x; echo got $x'], { stdin: true });
    attach.destroy(); // without stdinOnce, even a client's end leaves stdin open
    await output.catch(() => {});
    const second = await connectAttach(dir);
    const out = collect(second);
    second.end('two\n');
    assert.equal((await out).stdout, 'got two\n');
    assert.equal(await ctl.exited, 0);
  });

  test('misbehaving clients neither crash the monitor nor reach the container', async () => {
    const { dir, attach, output, ctl } = await start('rude', ['sh', '-c', 'read x; echo got $x'], { stdin: true });
    const { ctlSocket, consoleSocket } = monitorPaths(dir);
    const raw = await connectUnix(ctlSocket);
    raw.write('frobnicate\n');
    const [reply] = await once(raw, 'data');
    assert.equal(reply.toString(), 'error unknown command\n');
    const hungUp = new Promise((r) => raw.on('close', r));
    raw.on('error', () => {}); // a reset: the monitor closed with our bytes unread
    raw.write('x'.repeat(1000)); // no line is that long: the monitor hangs up
    await hungUp;
    const gone = await connectUnix(ctlSocket);
    gone.destroy();
    await assert.rejects(connectUnix(consoleSocket), /ENOENT/); // only there while the runtime runs
    for (let i = 0; i < 20; i++) (await connectAttach(dir)).destroy();
    await ctl.resize(10, 10); // no tty: accepted and ignored
    attach.end('fine\n');
    assert.equal((await output).stdout, 'got fine\n');
    assert.equal(await ctl.exited, 0);
  });

  test('runs an exec in a running container', async () => {
    const main = await start('host', ['sleep', '60']);
    const { dir, argv } = await fx.prepareExec(main.id, 'host-exec', ['sh', '-c', 'echo in exec; cat; exit 5']);
    let attach!: Socket;
    const started = await launcher.start({
      dir, argv, tty: false, stdin: true, stdinOnce: true,
      beforeGo: async () => {
        attach = await connectAttach(dir);
      },
    });
    monitors.add(started.monitorPid);
    assert.notEqual(started.pid, main.started.pid);
    const ctl = await MonitorControl.open(dir);
    const out = collect(attach);
    attach.end('typed\n');
    assert.equal((await out).stdout, 'in exec\ntyped\n');
    assert.equal(await ctl.exited, 5);
    assert.equal(await isMonitorAlive(main.dir), true, 'the exec ending leaves the container running');
    await fx.crun('kill', main.id, 'KILL');
    assert.equal(await main.ctl.exited, 137);
  });

  test('a slow attach client holds output back only until it is dropped for stalling', async () => {
    const { dir, argv } = await fx.prepare('flood', ['sh', '-c', 'head -c 4000000 /dev/zero; echo done']);
    let stuck!: Socket;
    let reader!: Socket;
    const started = await launcher.start({
      dir, argv, tty: false, stdin: false, stdinOnce: false, clientStallMs: 300,
      beforeGo: async () => {
        stuck = await connectAttach(dir);
        stuck.pause(); // never reads
        reader = await connectAttach(dir);
      },
    });
    monitors.add(started.monitorPid);
    const ctl = await MonitorControl.open(dir);
    const stuckEnded = once(stuck, 'end'); // dropped: the monitor closed it
    const t0 = performance.now();
    const out = await collect(reader); // starts reading late: backpressure, not loss
    assert.equal(out.stdout.length, 4000000 + 5);
    assert.ok(out.stdout.endsWith('done\n'));
    assert.ok(performance.now() - t0 >= 250, 'the container waited for the stuck client');
    assert.equal(await ctl.exited, 0);
    stuck.resume();
    await stuckEnded;
    stuck.destroy();
  });

  test('with a tty the process runs on a pty, output is stream 1, and resize reaches it', async () => {
    const { attach, output, ctl } = await start('tty', ['sh', '-c', 'read x; tty; stty size'], { tty: true, stdin: true });
    await ctl.resize(33, 99);
    attach.write('go\n');
    const out = await output;
    assert.match(out.stdout, /^go\r\n\/dev\/pts\/\d+\r\n33 99\r\n$/); // the pty's echo first
    assert.equal(out.stderr, '');
    assert.deepEqual(new Set(out.frames.map((f) => f.stream)), new Set([1]));
    assert.equal(await ctl.exited, 0);
  });

  test('with a tty, stdinOnce ends input with ^D', async () => {
    const { attach, output, ctl } = await start('ttycat', ['cat'], { tty: true, stdin: true, stdinOnce: true });
    attach.end('abc\n');
    assert.equal((await output).stdout, 'abc\r\nabc\r\n'); // the echo, then cat
    assert.equal(await ctl.exited, 0);
  });

  test('a missing executable fails the start with 127 and the runtime message', async () => {
    const { dir, argv } = await fx.prepare('missing', ['no-such-binary']);
    const err = await launcher.start({ dir, argv, tty: false, stdin: false, stdinOnce: false }).catch((e) => e);
    assert.ok(err instanceof RuntimeStartError, String(err));
    assert.ok(EngineError.is(err, 'invalid_argument'), err.message);
    assert.equal(err.exitCode, 127);
    assert.match(err.message, /executable file not found/);
    assert.match(err.message, /no-such-binary/);
    assert.equal(await readExitFile(dir), 127);
    assert.ok(await monitorGone(dir));
    assert.equal(await (await MonitorControl.open(dir)).exited, 127);
  });

  test('a file without execute permission fails the start with 126', async () => {
    const { dir, argv } = await fx.prepare('noexec', ['/bin/not-executable']);
    const err = await launcher.start({ dir, argv, tty: false, stdin: false, stdinOnce: false }).catch((e) => e);
    assert.ok(err instanceof RuntimeStartError, String(err));
    assert.equal(err.exitCode, 126);
    assert.match(err.message, /permission denied/);
    assert.equal(await readExitFile(dir), 126);
  });

  test('failures of the monitor itself are internal errors', async () => {
    const argv = ['crun', '--version'];
    const opts = { tty: false, stdin: false, stdinOnce: false, argv };
    const noDir = await launcher.start({ ...opts, dir: join(fx.root, 'no/such/dir') }).catch((e) => e);
    assert.ok(EngineError.is(noDir, 'internal'), String(noDir));
    assert.match(noDir.message, /chdir/);
    const noBinary = await new MonitorLauncher({ binary: '/nonexistent/berth-monitor' }).start({ ...opts, dir: fx.root }).catch((e) => e);
    assert.ok(EngineError.is(noBinary, 'internal'), String(noBinary));
    const { dir } = await fx.prepare('noruntime', ['true']);
    const noRuntime = await launcher.start({ ...opts, dir, argv: ['/nonexistent/crun', 'run'] }).catch((e) => e);
    assert.ok(EngineError.is(noRuntime, 'internal'), String(noRuntime));
    assert.match(noRuntime.message, /cannot execute OCI runtime/);
    assert.equal(await readExitFile(dir), 125);
  });

  test('beforeGo failing aborts the start without running the container', async () => {
    const { dir, argv } = await fx.prepare('aborted', ['sh', '-c', 'echo ran > /dev/null']);
    await assert.rejects(
      launcher.start({ dir, argv, tty: false, stdin: false, stdinOnce: false, beforeGo: async () => { throw new Error('nope'); } }),
      /nope/,
    );
    // the monitor removes its sockets and exits on its own
    assert.ok(await monitorGone(dir));
    assert.deepEqual(await readdir(dir), ['monitor.pid']);
    assert.doesNotMatch(await fx.crun('list', '-q'), /aborted/);
  });

  test('the monitor outlives the process that spawned it', async () => {
    const { dir, argv } = await fx.prepare('orphan', ['sh', '-c', 'read x; echo got $x; exit 7']);
    const script = join(fx.root, 'spawner.mjs');
    await writeFile(
      script,
      `import { MonitorLauncher } from ${JSON.stringify(new URL('./monitor-launcher.js', import.meta.url).href)};
       const r = await new MonitorLauncher({ binary: ${JSON.stringify(binary)} }).start(${JSON.stringify({ dir, argv, tty: false, stdin: true, stdinOnce: false })});
       process.stdout.write(JSON.stringify(r));`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    const started = JSON.parse(text);
    monitors.add(started.monitorPid);
    assert.equal(await isMonitorAlive(dir), true);

    const attach = await connectAttach(dir);
    const ctl = await MonitorControl.open(dir);
    const output = collect(attach);
    attach.write('hello\n');
    assert.equal(await ctl.exited, 7);
    assert.equal((await output).stdout, 'got hello\n');
    assert.ok(await monitorGone(dir));
  });

  test('follows a growing log until the container exits', async () => {
    const logPath = join(fx.root, 'c/follow.log');
    const { dir, argv } = await fx.prepare('follow', ['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.2; done']);
    const lines: string[] = [];
    let ctl!: MonitorControl;
    let reading!: Promise<void>;
    const started = await launcher.start({
      dir, argv, logPath, tty: false, stdin: false, stdinOnce: false,
      beforeGo: async () => {
        ctl = await MonitorControl.open(dir);
        // the log file does not exist yet: the reader waits for it
        reading = (async () => {
          for await (const l of readCriLog(logPath, { follow: true, stopWhen: ctl.exited })) lines.push(l.line.toString());
        })();
      },
    });
    monitors.add(started.monitorPid);
    await reading;
    assert.deepEqual(lines, ['line1\n', 'line2\n', 'line3\n']);
    assert.equal(await ctl.exited, 0);
  });

  test('measure: start latency and monitor RSS', async (t) => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { dir, argv } = await fx.prepare(`true${i}`, ['true']);
      const t0 = performance.now();
      const started = await launcher.start({ dir, argv, tty: false, stdin: false, stdinOnce: false });
      times.push(performance.now() - t0);
      monitors.add(started.monitorPid);
    }
    times.sort((a, b) => a - b);
    const median = (times[9]! + times[10]!) / 2;
    t.diagnostic(`start() to pid for 'true': median ${median.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[19]!.toFixed(1)})`);
    assert.ok(median < 1000);

    const { id, started, ctl } = await start('rss', ['sleep', '60']);
    const status = await readFile(`/proc/${started.monitorPid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status)![1];
    t.diagnostic(`monitor RSS holding a sleep container: ${rss} kB`);
    await fx.crun('kill', id, 'KILL');
    assert.equal(await ctl.exited, 137);
  });
});
