import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { Digest } from '../core/digest.js';
import { chainIds } from './chain-id.js';
import { hostPlatform, parsePlatform } from './platform.js';

test('chainIds follows the OCI definition', () => {
  const a = `sha256:${'a'.repeat(64)}` as Digest;
  const b = `sha256:${'b'.repeat(64)}` as Digest;
  const c = `sha256:${'c'.repeat(64)}` as Digest;
  const ab = `sha256:${createHash('sha256').update(`${a} ${b}`).digest('hex')}`;
  const abc = `sha256:${createHash('sha256').update(`${ab} ${c}`).digest('hex')}`;
  assert.deepEqual(chainIds([]), []);
  assert.deepEqual(chainIds([a]), [a]);
  assert.deepEqual(chainIds([a, b, c]), [a, ab, abc]);
});

test('a chain id matches one computed independently (sha256sum)', () => {
  const a = `sha256:${'a'.repeat(64)}` as Digest;
  const b = `sha256:${'b'.repeat(64)}` as Digest;
  assert.equal(chainIds([a, b])[1], 'sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c');
});

test('platforms', () => {
  const host = hostPlatform();
  assert.equal(host.os, 'linux');
  assert.equal(host.architecture, ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? host.architecture);
  assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/x86_64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.deepEqual(parsePlatform('linux/arm/v6'), { os: 'linux', architecture: 'arm', variant: 'v6' });
  assert.deepEqual(parsePlatform('linux'), host);
  assert.throws(() => parsePlatform('windows/amd64'), /not supported/);
  assert.throws(() => parsePlatform('linux//x'), /invalid platform/);
});
