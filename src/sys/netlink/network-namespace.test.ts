import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mount } from '../libc.js';
import { MS } from '../mount-options.js';
import { SysError } from '../sys-error.js';
import { inNetworkNamespace } from './in-network-namespace.js';
import { createNetworkNamespace, isNetworkNamespaceMount, removeNetworkNamespace } from './network-namespace.js';

// These run as root and change the host's mount table (under a temp dir) and nothing else.
const threadNetns = (): string => readlinkSync('/proc/thread-self/ns/net');

let base: string;
let home: string;
before(() => {
  base = mkdtempSync(path.join(tmpdir(), 'berth-test-netns-'));
  home = threadNetns();
});
after(() => {
  for (const name of ['a', 'b', 'plain', 'twice']) removeNetworkNamespace(path.join(base, name));
  rmSync(base, { recursive: true, force: true });
  assert.equal(threadNetns(), home);
});

describe('network namespaces', () => {
  test('create pins a fresh namespace with only lo; the thread stays home', () => {
    const ns = path.join(base, 'a');
    createNetworkNamespace(ns);
    assert.equal(threadNetns(), home);
    assert.equal(isNetworkNamespaceMount(ns), true);
    assert.notEqual(`net:[${statSync(ns).ino}]`, home);
    const links = JSON.parse(execFileSync('nsenter', [`--net=${ns}`, 'ip', '-j', 'link', 'show'], { encoding: 'utf8' })) as Array<{ ifname: string }>;
    assert.deepEqual(links.map((l) => l.ifname), ['lo']);
  });

  test('two namespaces are distinct', () => {
    const b = path.join(base, 'b');
    createNetworkNamespace(b);
    assert.notEqual(statSync(b).ino, statSync(path.join(base, 'a')).ino);
  });

  test('an existing plain file is reused', () => {
    const p = path.join(base, 'plain');
    writeFileSync(p, '');
    assert.equal(isNetworkNamespaceMount(p), false);
    createNetworkNamespace(p);
    assert.equal(isNetworkNamespaceMount(p), true);
  });

  test('creating over a live namespace is EEXIST and leaves it alone', () => {
    const p = path.join(base, 'twice');
    createNetworkNamespace(p);
    const ino = statSync(p).ino;
    assert.throws(() => createNetworkNamespace(p), (e: unknown) => SysError.is(e, 'EEXIST'));
    assert.equal(statSync(p).ino, ino);
    assert.equal(threadNetns(), home);
  });

  test('a failure after unshare still returns the thread home', () => {
    // Bind-mounting the namespace file onto a directory fails (ENOTDIR) after the thread has
    // already moved into the new namespace.
    const dir = path.join(base, 'dir');
    mkdirSync(dir);
    assert.throws(() => createNetworkNamespace(dir), (e: unknown) => SysError.is(e, 'ENOTDIR'));
    assert.equal(threadNetns(), home);
    assert.equal(existsSync(dir), true); // not ours to delete
    // A path whose directory is missing fails before any move.
    assert.throws(() => createNetworkNamespace(path.join(base, 'missing', 'ns')), { code: 'ENOENT' });
    assert.equal(threadNetns(), home);
  });

  test('inNetworkNamespace runs in the target and returns home after a throw', () => {
    const ns = path.join(base, 'a');
    const inside = inNetworkNamespace(ns, threadNetns);
    assert.equal(inside, `net:[${statSync(ns).ino}]`);
    assert.throws(() => inNetworkNamespace(ns, () => { throw new Error('boom'); }), /boom/);
    assert.equal(threadNetns(), home);
    assert.throws(() => inNetworkNamespace(path.join(base, 'nope'), threadNetns), { code: 'ENOENT' });
    // setns onto something that is not a namespace
    writeFileSync(path.join(base, 'notns'), '');
    assert.throws(() => inNetworkNamespace(path.join(base, 'notns'), threadNetns), (e: unknown) => SysError.is(e, 'EINVAL'));
    assert.equal(threadNetns(), home);
  });

  test('remove unmounts and deletes; repeating it is quiet', () => {
    const ns = path.join(base, 'b');
    removeNetworkNamespace(ns);
    assert.equal(isNetworkNamespaceMount(ns), false);
    assert.equal(existsSync(ns), false);
    removeNetworkNamespace(ns);
    assert.equal(isNetworkNamespaceMount(path.join(base, 'never')), false);
  });

  test('a path mounted twice needs, and gets, two unmounts', () => {
    const p = path.join(base, 'twice');
    mount(p, p, null, MS.BIND, null);
    removeNetworkNamespace(p);
    assert.equal(isNetworkNamespaceMount(p), false);
    assert.equal(existsSync(p), false);
  });
});
