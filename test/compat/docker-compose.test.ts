import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BerthDaemon, runCommand } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';

/*
 * docker-compose 1.29 (Debian's, installed by scripts/install.sh), unchanged, against berthd: a
 * project with two networks, a named volume shared by two services, a published port, a health
 * check, depends_on, and `down -v` leaving nothing behind.
 */
let d: BerthDaemon;
let dir: string;

const COMPOSE = `version: "3.8"
services:
  seed:
    image: busybox
    command: ["sh", "-c", "echo hello-compose > /srv/index.html"]
    volumes: [site:/srv]
  web:
    image: busybox
    command: ["httpd", "-f", "-p", "80", "-h", "/srv"]
    volumes: [site:/srv]
    ports: ["127.0.0.1:18600:80"]
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost/"]
      interval: 1s
  api:
    image: busybox
    command: ["httpd", "-f", "-p", "80", "-h", "/etc"]
    networks:
      back:
        aliases: [backend]
  client:
    image: busybox
    command: ["sh", "-c", "sleep 1; wget -qO- http://web/ && wget -qO- http://backend/hostname"]
    depends_on: [web, api]
    networks: [default, back]
volumes:
  site: {}
networks:
  back: {}
`;

// `run` goes through the docker CLI (`docker start --attach`), compose's default: its other path
// (COMPOSE_INTERACTIVE_NO_CLI, via dockerpty) attaches only after the start, and loses early output
// against any engine.
const compose = (...args: string[]) =>
  runCommand('docker-compose', ['-p', 'ctest', ...args], { env: { DOCKER_HOST: d.host }, timeoutMs: 120_000 });

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  dir = mkdtempSync('/var/tmp/berth-compose-');
  writeFileSync(join(dir, 'docker-compose.yml'), COMPOSE);
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
  rmSync(dir, { recursive: true, force: true });
});

test('docker-compose up: networks, a shared volume, a published port, a health check; down -v removes it all', async () => {
  const file = join(dir, 'docker-compose.yml');
  const up = await compose('-f', file, 'up', '-d');
  assert.equal(up.code, 0, up.stderr);
  let logs = '';
  for (let i = 0; i < 50 && !/hello-compose[\s\S]*\n\S/.test(logs); i++) {
    await sleep(200);
    logs = (await compose('-f', file, 'logs', '--no-color', 'client')).stdout;
  }
  assert.match(logs, /hello-compose/, 'client reached web by service name on the default network');
  const apiId = (await d.docker(['inspect', '-f', '{{.Id}}', 'ctest_api_1'])).stdout.trim().slice(0, 12);
  assert.match(logs, new RegExp(apiId), 'and api by its alias on the back network');
  const page = await fetch('http://127.0.0.1:18600/');
  assert.equal(await page.text(), 'hello-compose\n');
  let health = '';
  for (let i = 0; i < 50 && health !== 'healthy'; i++) {
    await sleep(200);
    health = (await d.docker(['inspect', '-f', '{{.State.Health.Status}}', 'ctest_web_1'])).stdout.trim();
  }
  assert.equal(health, 'healthy');
  // `run` links the service's dependencies (legacy links, on a user network: aliases for it alone).
  const run = await compose('-f', file, 'run', '--rm', '-T', 'client', 'wget', '-qO-', 'http://web/');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'hello-compose\n');
  const exec = await compose('-f', file, 'exec', '-T', 'web', 'cat', '/srv/index.html');
  assert.equal(exec.stdout, 'hello-compose\n');
  const ps = await compose('-f', file, 'ps');
  assert.match(ps.stdout, /ctest_web_1 .* Up \(healthy\) .*127\.0\.0\.1:18600->80\/tcp/);

  const down = await compose('-f', file, 'down', '-v');
  assert.equal(down.code, 0, down.stderr);
  assert.equal((await d.docker(['ps', '-aq'])).stdout.trim(), '');
  assert.deepEqual((await d.docker(['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean).sort(), ['bridge', 'host', 'none']);
  assert.equal((await d.docker(['volume', 'ls', '-q'])).stdout.trim(), '');
});
