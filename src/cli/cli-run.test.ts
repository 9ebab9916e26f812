import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { encodeStdioFrame as encodeFrame, STDERR, STDOUT } from '../core/stdio-frames.js';
import { runBerth, ScriptedDaemon } from './testing/scripted-daemon.js';

const ID = '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c';

/**
 * A daemon that behaves like dockerd for one container: the attach stream
 * carries output once the container starts, the wait answers its headers at
 * once and the status when the container "exits".
 */
function containerDaemon(opts: { exitCode?: number; startError?: { status: number; message: string }; echoStdin?: boolean } = {}): ScriptedDaemon {
  const d = new ScriptedDaemon();
  let attached: Socket | undefined;
  let stdin = '';
  let stdinEnded = false;
  const waits: ServerResponse[] = [];
  d.json('POST /containers/create', 201, { Id: ID, Warnings: [] });
  d.route('POST /containers/*/attach', {
    kind: 'hijack',
    handle: (_req, socket) => {
      attached = socket;
      socket.on('data', (c: Buffer) => (stdin += c.toString()));
      socket.once('end', () => (stdinEnded = true));
    },
  });
  d.route('POST /containers/*/wait', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    waits.push(res);
  });
  d.route('POST /containers/*/start', (_req, res) => {
    if (opts.startError) {
      res.writeHead(opts.startError.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: opts.startError.message }));
      attached?.end();
      for (const w of waits) w.end(JSON.stringify({ StatusCode: 127 }));
      return;
    }
    res.writeHead(204);
    res.end();
    const finish = () => {
      attached?.write(encodeFrame(STDOUT, opts.echoStdin ? `got ${JSON.stringify(stdin)}\n` : 'hello\n'));
      attached?.end(encodeFrame(STDERR, 'warning\n'));
      setTimeout(() => {
        for (const w of waits) w.end(JSON.stringify({ StatusCode: opts.exitCode ?? 0 }));
      }, 10);
    };
    // With stdin attached, the container "exits" once stdin reaches EOF.
    // The client may half-close before /start arrives, so look at the flag before waiting.
    if (opts.echoStdin && attached && !stdinEnded) attached.once('end', finish);
    else setTimeout(finish, 5);
  });
  return d;
}

describe('berth run against a scripted daemon', () => {
  test('attaches before start, waits for next-exit, streams, exits with the status', async () => {
    const d = await containerDaemon({ exitCode: 3 }).start();
    try {
      const r = await runBerth(d.socketPath, ['run', 'busybox', 'sh', '-c', 'echo hi']);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, 'hello\n');
      assert.equal(r.stderr, 'warning\n');
      assert.deepEqual(d.calls(), [
        'POST /containers/create',
        `POST /containers/${ID}/attach?stream=1&stdout=1&stderr=1`,
        `POST /containers/${ID}/wait?condition=next-exit`,
        `POST /containers/${ID}/start`,
      ]);
      const body = JSON.parse(d.log.find((r) => r.path === '/containers/create')!.body.toString());
      assert.deepEqual(body.Cmd, ['sh', '-c', 'echo hi']);
      assert.equal(body.AttachStdout, true);
    } finally {
      await d.stop();
    }
  });

  test('--rm waits for removal; -i sends stdin then half-closes while output continues', async () => {
    const d = await containerDaemon({ echoStdin: true }).start();
    try {
      const r = await runBerth(d.socketPath, ['run', '--rm', '-i', 'busybox', 'cat'], { stdin: 'abc\n' });
      assert.equal(r.code, 0);
      assert.equal(r.stdout, 'got "abc\\n"\n');
      assert.ok(d.calls().includes(`POST /containers/${ID}/wait?condition=removed`));
      assert.ok(d.calls().includes(`POST /containers/${ID}/attach?stream=1&stdin=1&stdout=1&stderr=1`));
    } finally {
      await d.stop();
    }
  });

  test('-d prints the id and neither attaches nor waits', async () => {
    const d = await containerDaemon().start();
    try {
      const r = await runBerth(d.socketPath, ['run', '-d', 'busybox']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${ID}\n`);
      assert.deepEqual(d.calls(), ['POST /containers/create', `POST /containers/${ID}/start`]);
      const body = JSON.parse(d.log[1]!.body.toString());
      assert.equal(body.AttachStdout, false);
    } finally {
      await d.stop();
    }
  });

  const startErrors: [string, number][] = [
    ['failed to create task: exec: "nosuch": executable file not found in $PATH', 127],
    ['exec /bin/x: no such file or directory', 127],
    ['exec /etc/passwd: permission denied', 126],
    ['cgroup is on fire', 125],
  ];
  for (const [message, code] of startErrors) {
    test(`start failure exits ${code}: ${message}`, async () => {
      const d = await containerDaemon({ startError: { status: 400, message } }).start();
      try {
        const r = await runBerth(d.socketPath, ['run', 'busybox', 'nosuch']);
        assert.equal(r.code, code);
        assert.equal(r.stderr, `berth: Error response from daemon: ${message}\n\nRun 'berth run --help' for more information\n`);
      } finally {
        await d.stop();
      }
    });
  }

  test('a missing image is pulled, then the create is retried', async () => {
    const d = new ScriptedDaemon();
    let creates = 0;
    d.route('POST /containers/create', (_req, res) => {
      creates++;
      res.writeHead(creates === 1 ? 404 : 201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(creates === 1 ? { message: 'No such image: busybox:latest' } : { Id: ID, Warnings: ['no swap'] }));
    });
    d.route('POST /images/create', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"Pulling from library/busybox","id":"latest"}\n{"status":"Downloading","progressDetail":{"current":1,"total":2},"id":"abc"}\n{"status":"Status: Downloaded newer image for busybox:latest"}\n');
    });
    d.json('POST /containers/*/start', 204, undefined);
    await d.start();
    try {
      const r = await runBerth(d.socketPath, ['run', '-d', 'busybox']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${ID}\n`);
      assert.equal(r.stderr, [
        "Unable to find image 'busybox:latest' locally",
        'latest: Pulling from library/busybox',
        'Status: Downloaded newer image for busybox:latest',
        'WARNING: no swap',
        '',
      ].join('\n'));
      assert.deepEqual(d.calls().slice(0, 3), [
        'POST /containers/create', 'POST /images/create?fromImage=docker.io%2Flibrary%2Fbusybox&tag=latest', 'POST /containers/create',
      ]);
    } finally {
      await d.stop();
    }
  });

  test('a failed pull exits 125 with docker\'s message', async () => {
    const d = new ScriptedDaemon()
      .json('POST /containers/create', 404, { message: 'No such image: nosuch:latest' })
      .json('POST /images/create', 404, { message: 'pull access denied for nosuch' });
    await d.start();
    try {
      const r = await runBerth(d.socketPath, ['run', 'nosuch']);
      assert.equal(r.code, 125);
      assert.equal(r.stderr, "Unable to find image 'nosuch:latest' locally\nberth: Error response from daemon: pull access denied for nosuch\n\nRun 'berth run --help' for more information\n");
    } finally {
      await d.stop();
    }
  });

  test('--pull never does not pull', async () => {
    const d = new ScriptedDaemon().json('POST /containers/create', 404, { message: 'No such image: nosuch:latest' });
    await d.start();
    try {
      const r = await runBerth(d.socketPath, ['run', '--pull', 'never', 'nosuch']);
      assert.equal(r.code, 125);
      assert.deepEqual(d.calls(), ['POST /containers/create']);
    } finally {
      await d.stop();
    }
  });
});

describe('berth run argument handling (no daemon needed)', () => {
  const noDaemon = '/nonexistent/berth-test.sock';
  test('bad flag: usage and 125', async () => {
    const r = await runBerth(noDaemon, ['run', '--foo', 'busybox']);
    assert.equal(r.code, 125);
    assert.equal(r.stderr, "unknown flag: --foo\n\nUsage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'berth run --help' for more information\n");
  });
  test('no image: exit 1', async () => {
    const r = await runBerth(noDaemon, ['run']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "berth: 'berth run' requires at least 1 argument\n\nUsage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'berth run --help' for more information\n");
  });
  test('invalid option value checked after parsing', async () => {
    const r = await runBerth(noDaemon, ['run', '--restart', 'on-failure:x', 'busybox']);
    assert.equal(r.code, 125);
    assert.equal(r.stderr, "berth: invalid restart policy format: maximum retry count must be an integer\n\nRun 'berth run --help' for more information\n");
  });
  test('-it without a terminal', async () => {
    const r = await runBerth(noDaemon, ['run', '-it', 'busybox']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'the input device is not a TTY\n');
  });
  test('--attach with --detach', async () => {
    const r = await runBerth(noDaemon, ['run', '-d', '-a', 'stdout', 'busybox']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'conflicting options: cannot specify both --attach and --detach\n');
  });
  test('no daemon', async () => {
    const r = await runBerth(noDaemon, ['run', 'busybox']);
    assert.equal(r.code, 125);
    assert.equal(r.stderr, `berth: Cannot connect to the berth daemon at unix://${noDaemon}. Is the berth daemon running?\n\nRun 'berth run --help' for more information\n`);
  });
});

describe('berth exec', () => {
  let d: ScriptedDaemon;
  before(async () => {
    d = new ScriptedDaemon()
      .json('POST /containers/c1/exec', 201, { Id: 'e1' })
      .json('POST /containers/gone/exec', 409, { message: 'container gone is not running' })
      .route('POST /exec/e1/start', {
        kind: 'hijack',
        handle: (req, socket) => {
          const body = JSON.parse(req.body.toString() || '{}') as { Tty?: boolean };
          let input = '';
          socket.on('data', (c: Buffer) => (input += c.toString()));
          socket.on('end', () => socket.end(body.Tty ? `raw:${input}` : encodeFrame(STDOUT, `in:${input}`)));
        },
      })
      .json('GET /exec/e1/json', 200, { ID: 'e1', Running: false, ExitCode: 7, ContainerID: 'c1' });
    await d.start();
  });
  beforeEach(() => {
    d.log.length = 0;
  });
  after(() => d.stop());

  test('exit code comes from exec inspect; body mirrors docker', async () => {
    const r = await runBerth(d.socketPath, ['exec', '-i', '-e', 'A=1', '-w', '/tmp', '-u', 'root', 'c1', 'cat'], { stdin: 'xyz' });
    assert.equal(r.code, 7);
    assert.equal(r.stdout, 'in:xyz');
    assert.deepEqual(d.calls(), ['POST /containers/c1/exec', 'POST /exec/e1/start', 'GET /exec/e1/json']);
    assert.deepEqual(JSON.parse(d.log.find((x) => x.path === '/containers/c1/exec')!.body.toString()), {
      User: 'root', Privileged: false, Tty: false, AttachStdin: true, AttachStdout: true, AttachStderr: true, Env: ['A=1'], WorkingDir: '/tmp', Cmd: ['cat'],
    });
  });

  test('daemon errors exit 1', async () => {
    const r = await runBerth(d.socketPath, ['exec', 'gone', 'true']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error response from daemon: container gone is not running\n');
  });
});
