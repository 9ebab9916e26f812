import { closeSync, openSync, statfsSync, unlinkSync } from 'node:fs';
import { mount, umount2 } from '../libc.js';
import { MS } from '../mount-options.js';
import { SysError } from '../sys-error.js';
import { inNetworkNamespace, THREAD_NETNS } from './in-network-namespace.js';

const NSFS_MAGIC = 0x6e736673;
const MNT_DETACH = 0x2;
const EEXIST = 17;

/**
 * Network namespaces that outlive any process: each is an nsfs bind mount on a file (as
 * `ip netns add` keeps them under /run/netns). A container joins one through its path; the
 * namespace lives until removeNetworkNamespace unmounts it and the last process in it exits.
 */

/**
 * Creates a fresh network namespace (only `lo`, down) and pins it on `path`, a new empty file
 * (an existing plain file is reused). The calling thread unshares into the new namespace to
 * bind-mount it and always returns to its own namespace, also when this throws.
 * Throws SysError EEXIST when `path` already holds a namespace.
 */
export function createNetworkNamespace(path: string): void {
  if (isNetworkNamespaceMount(path)) throw new SysError('mount', EEXIST, path, 'already a network namespace');
  let created = false;
  try {
    closeSync(openSync(path, 'wx', 0o444));
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  try {
    inNetworkNamespace('new', () => mount(THREAD_NETNS, path, null, MS.BIND, null));
  } catch (err) {
    if (created) unlinkSync(path);
    throw err;
  }
}

/** Unmounts the namespace on `path` and removes the file. Quiet when either is already gone. */
export function removeNetworkNamespace(path: string): void {
  // A path mounted twice (a crash between create and record, then a retry) needs two unmounts.
  while (isNetworkNamespaceMount(path)) umount2(path, MNT_DETACH);
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Whether `path` is a live nsfs mount, i.e. still pins a namespace (for boot-time reconcile). */
export function isNetworkNamespaceMount(path: string): boolean {
  try {
    return statfsSync(path).type === NSFS_MAGIC;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
