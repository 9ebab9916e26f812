import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../core/engine-error.js';
import { encodeOciJson } from './encode-oci-json.js';
import { execProcessSpec } from './exec-process-spec.js';
import { generateSpec } from './generate-spec.js';
import { ociConfigValidator } from './testing/oci-schema-validator.js';
import { fixtureConfig, fixtureHost, fixtureInput } from './testing/spec-input-fixture.js';

const container = generateSpec(fixtureInput({
  host: fixtureHost({ securityOpt: ['no-new-privileges'], resources: { ulimits: [{ name: 'nproc', soft: 5, hard: 5 }] } }),
  config: fixtureConfig({ tty: true }),
  cwd: '/srv',
  env: ['PATH=/bin', 'A=1'],
})).process;

test('an exec inherits the container process and overrides command, env, cwd, user, terminal', () => {
  const p = execProcessSpec(container, {
    args: ['ls', '-l'], env: ['A=2', 'B=3'], cwd: '/tmp', tty: false,
    user: { uid: 1000, gid: 100, additionalGids: [100, 27] },
  });
  assert.deepEqual(p.args, ['ls', '-l']);
  assert.deepEqual(p.env, ['PATH=/bin', 'HOSTNAME=4d3c2b1a0f9e', 'TERM=xterm', 'A=2', 'B=3']);
  assert.equal(p.cwd, '/tmp');
  assert.equal(p.terminal, false);
  assert.equal(p.consoleSize, undefined);
  assert.deepEqual(p.user, { uid: 1000, gid: 100, additionalGids: [100, 27] });
  assert.deepEqual(p.capabilities, container.capabilities);
  assert.deepEqual(p.rlimits, container.rlimits);
  assert.equal(p.noNewPrivileges, true);
  const valid = ociConfigValidator();
  assert.deepEqual(valid(JSON.parse(encodeOciJson({ ociVersion: '1.0.2', process: p }))), []);
});

test('exec defaults, tty, console size and privileged capabilities', () => {
  const p = execProcessSpec(container, { args: ['sh'], tty: true, consoleSize: [30, 100], privilegedCapabilities: ['CAP_SYS_ADMIN'] });
  assert.equal(p.cwd, '/srv');
  assert.deepEqual(p.user, container.user);
  assert.deepEqual(p.consoleSize, { height: 30, width: 100 });
  assert.deepEqual(p.capabilities.effective, ['CAP_SYS_ADMIN']);
  assert.deepEqual(p.capabilities.inheritable, []);
  assert.notEqual(p.user, container.user, 'a copy, not shared');
});

test('exec without a command or with a relative cwd is invalid_argument', () => {
  assert.throws(() => execProcessSpec(container, { args: [], tty: false }), (e: unknown) => EngineError.is(e, 'invalid_argument'));
  assert.throws(() => execProcessSpec(container, { args: ['x'], cwd: 'rel', tty: false }), (e: unknown) => EngineError.is(e, 'invalid_argument'));
});
