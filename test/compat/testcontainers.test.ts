import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BerthDaemon } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';

/*
 * testcontainers-node, unchanged, against a real berthd: it drives the Engine API through dockerode
 * the way test suites everywhere do (create with exposed ports, wait strategies, networks with
 * aliases, exec, logs, copying files in). Its reaper container (ryuk) comes from Docker Hub, which
 * this machine cannot reach, so it is turned off, as testcontainers documents.
 */
let d: BerthDaemon;
let tc: typeof import('testcontainers');

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  process.env['DOCKER_HOST'] = d.host;
  process.env['TESTCONTAINERS_RYUK_DISABLED'] = 'true';
  tc = await import('testcontainers');
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
});

describe('testcontainers against berthd', () => {
  test('a web server on a mapped port, found by alias from another container on a network', async () => {
    const net = await new tc.Network().start();
    const web = await new tc.GenericContainer('busybox:latest')
      .withCommand(['httpd', '-f', '-p', '80', '-h', '/www'])
      .withCopyContentToContainer([{ content: 'hello from testcontainers\n', target: '/www/index.html' }])
      .withExposedPorts(80)
      .withNetwork(net)
      .withNetworkAliases('web')
      .withEnvironment({ GREETING: 'hi' })
      .withWaitStrategy(tc.Wait.forListeningPorts())
      .start();
    try {
      const res = await fetch(`http://${web.getHost()}:${web.getMappedPort(80)}/`);
      assert.equal(await res.text(), 'hello from testcontainers\n');
      const client = await new tc.GenericContainer('busybox:latest').withNetwork(net).withCommand(['sleep', '60']).start();
      try {
        const r = await client.exec(['wget', '-qO-', 'http://web/']);
        assert.equal(r.exitCode, 0, r.output);
        assert.equal(r.output, 'hello from testcontainers\n');
      } finally {
        await client.stop();
      }
      const env = await web.exec(['sh', '-c', 'echo $GREETING']);
      assert.equal(env.output.trim(), 'hi');
    } finally {
      await web.stop();
      await net.stop();
    }
  });

  test('health check wait strategy, restart, and files copied out', async () => {
    const c = await new tc.GenericContainer('busybox:latest')
      .withCommand(['sh', '-c', 'sleep 1; touch /tmp/ok; sleep 60'])
      .withHealthCheck({ test: ['CMD-SHELL', 'test -f /tmp/ok'], interval: 200, timeout: 1000, retries: 3, startPeriod: 3000 })
      .withWaitStrategy(tc.Wait.forHealthCheck())
      .withStartupTimeout(15_000)
      .start();
    try {
      await c.restart();
      await c.copyContentToContainer([{ content: 'round trip', target: '/tmp/x.txt' }]);
      const tar = await c.copyArchiveFromContainer('/tmp/x.txt');
      const chunks: Buffer[] = [];
      for await (const chunk of tar) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      assert.equal(bytes.subarray(0, 5).toString(), 'x.txt', 'a tar entry named after the file');
      assert.ok(bytes.includes(Buffer.from('round trip')));
    } finally {
      await c.stop();
    }
  });

  test('log wait strategy, logs stream and exit', async () => {
    const c = await new tc.GenericContainer('busybox:latest')
      .withCommand(['sh', '-c', 'echo starting; sleep 0.2; echo ready now; sleep 60'])
      .withWaitStrategy(tc.Wait.forLogMessage('ready now'))
      .start();
    const lines: string[] = [];
    const stream = await c.logs();
    await new Promise<void>((resolve) => {
      stream.on('data', (l: string | Buffer) => { lines.push(String(l).trim()); if (lines.includes('ready now')) resolve(); });
    });
    assert.deepEqual(lines.slice(0, 2), ['starting', 'ready now']);
    stream.destroy();
    const stopped = await c.stop();
    assert.ok(stopped);
  });
});
