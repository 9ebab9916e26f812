import { closeSync, openSync } from 'node:fs';
import { CLONE_NEWNET, setns, unshare } from '../libc.js';
import { SysError } from '../sys-error.js';

/** Where the network namespace of the calling thread (not of the process) is visible. */
export const THREAD_NETNS = '/proc/thread-self/ns/net';

/**
 * Runs `fn` with the calling thread in another network namespace, then moves the thread back to
 * the one it started in, whether `fn` (or entering) succeeded or threw. `target` is the path of a
 * namespace file (an nsfs bind mount or /proc/<pid>/ns/net), or 'new' for a fresh namespace.
 *
 * Only the calling thread moves; berthd calls this from its JS thread, so `fn` must stay
 * synchronous: an await would let unrelated work run in the wrong namespace. Sockets opened inside
 * `fn` keep working in the target namespace afterwards.
 */
export function inNetworkNamespace<T>(target: string, fn: () => T): T {
  const home = openSync(THREAD_NETNS, 'r');
  try {
    try {
      if (target === 'new') {
        unshare(CLONE_NEWNET);
      } else {
        const fd = openSync(target, 'r');
        try {
          setns(fd, CLONE_NEWNET);
        } finally {
          closeSync(fd);
        }
      }
      return fn();
    } finally {
      returnHome(home);
    }
  } finally {
    closeSync(home);
  }
}

function returnHome(home: number): void {
  try {
    setns(home, CLONE_NEWNET);
  } catch (err) {
    // Never seen in practice (we hold the fd and had the privilege to leave), but if it happens the
    // thread is stranded in a foreign namespace; make the error impossible to mistake.
    const errno = SysError.is(err) ? err.errno : 1;
    throw new SysError('setns', errno, THREAD_NETNS, 'could not return the thread to its original network namespace');
  }
}
