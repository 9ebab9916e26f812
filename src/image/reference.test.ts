import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EngineError } from '../core/engine-error.js';
import {
  familiarName,
  familiarString,
  formatReference,
  parseReference,
  referenceName,
  withDefaultTag,
  withTag,
} from './reference.js';

const D = `sha256:${'a'.repeat(64)}`;

// [input, full normalized (default tag applied), familiar string (default tag applied), familiar name]
const valid: Array<[string, string, string, string]> = [
  ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest', 'busybox'],
  ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox:1.36', 'busybox'],
  ['library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest', 'busybox'],
  ['docker.io/busybox', 'docker.io/library/busybox:latest', 'busybox:latest', 'busybox'],
  ['index.docker.io/library/busybox:x', 'docker.io/library/busybox:x', 'busybox:x', 'busybox'],
  ['docker.io/library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest', 'busybox'],
  ['user/repo', 'docker.io/user/repo:latest', 'user/repo:latest', 'user/repo'],
  ['library/a/b', 'docker.io/library/a/b:latest', 'library/a/b:latest', 'library/a/b'],
  ['localhost/foo', 'localhost/foo:latest', 'localhost/foo:latest', 'localhost/foo'],
  ['localhost:5000/a/b:tag', 'localhost:5000/a/b:tag', 'localhost:5000/a/b:tag', 'localhost:5000/a/b'],
  ['registry.example.com/team/app:v1.2-rc_3', 'registry.example.com/team/app:v1.2-rc_3', 'registry.example.com/team/app:v1.2-rc_3', 'registry.example.com/team/app'],
  ['Registry.Example.com/app', 'Registry.Example.com/app:latest', 'Registry.Example.com/app:latest', 'Registry.Example.com/app'],
  ['[::1]:5000/app', '[::1]:5000/app:latest', '[::1]:5000/app:latest', '[::1]:5000/app'],
  [`busybox@${D}`, `docker.io/library/busybox@${D}`, `busybox@${D}`, 'busybox'],
  [`busybox:1@${D}`, `docker.io/library/busybox:1@${D}`, `busybox:1@${D}`, 'busybox'],
  ['a.b-c__d---e', 'docker.io/library/a.b-c__d---e:latest', 'a.b-c__d---e:latest', 'a.b-c__d---e'],
  ['my-registry:8080/x', 'my-registry:8080/x:latest', 'my-registry:8080/x:latest', 'my-registry:8080/x'],
];

const invalid: Array<[string, RegExp]> = [
  ['', /at least one component/],
  ['Busybox', /repository name \(library\/Busybox\) must be lowercase/],
  ['user/Repo', /must be lowercase/],
  ['busybox:', /invalid reference format/],
  ['busybox:-bad', /invalid reference format/],
  [`busybox:${'t'.repeat(129)}`, /invalid reference format/],
  ['bad__-name', /invalid reference format/],
  ['-busybox', /invalid reference format/],
  ['busybox/', /invalid reference format/],
  ['a//b', /invalid reference format/],
  ['busybox@sha256:abc', /invalid reference format/],
  [`busybox@sha256:${'a'.repeat(63)}x`, /invalid reference format/],
  [`busybox@sha256:${'a'.repeat(32)}`, /invalid checksum digest length/],
  ['a'.repeat(64), /cannot specify 64-byte hexadecimal strings/],
  [`x/${'a'.repeat(260)}`, /not be more than 255 characters/],
  ['busy box', /invalid reference format/],
];

describe('parseReference', () => {
  for (const [input, full, familiar, name] of valid) {
    test(`valid: ${input}`, () => {
      const ref = withDefaultTag(parseReference(input));
      assert.equal(formatReference(ref), full);
      assert.equal(familiarString(ref), familiar);
      assert.equal(familiarName(ref), name);
    });
  }
  for (const [input, re] of invalid) {
    test(`invalid: ${JSON.stringify(input.slice(0, 40))}`, () => {
      assert.throws(() => parseReference(input), (e: unknown) => EngineError.is(e, 'invalid_argument') && re.test(e.message));
    });
  }

  test('fields and helpers', () => {
    const ref = parseReference('localhost:5000/a/b:tag');
    assert.deepEqual(ref, { domain: 'localhost:5000', path: 'a/b', tag: 'tag' });
    assert.equal(referenceName(ref), 'localhost:5000/a/b');
    const digested = parseReference(`busybox@${D}`);
    assert.equal(digested.digest, D);
    assert.equal(withDefaultTag(digested).tag, undefined, 'a digest reference gets no default tag');
    assert.deepEqual(withTag(digested, 'v2'), { domain: 'docker.io', path: 'library/busybox', tag: 'v2' });
    assert.throws(() => withTag(ref, 'bad tag'), /invalid tag format/);
    assert.throws(() => withTag(ref, '.dot'), /invalid tag format/);
  });
});
