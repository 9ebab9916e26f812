import { readFileSync, writeFileSync, unlinkSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../core/engine-error.js';

/**
 * One daemon per exec root: a pid file naming the owner. A stale file (its process gone, or
 * not a berthd any more, as after kill -9 and pid reuse) is taken over.
 */
export function acquireDaemonLock(execRoot: string): () => void {
  const path = join(execRoot, 'berthd.pid');
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (pid > 0 && pid !== process.pid && isBerthd(pid)) {
      throw new EngineError('conflict', `another berthd (pid ${pid}) is using exec root ${execRoot}`,
        { hint: 'stop it, or give this daemon its own --exec-root, --data-root and -H socket' });
    }
  } catch (err) {
    if (err instanceof EngineError) throw err;
  }
  writeFileSync(path, `${process.pid}\n`);
  return () => { try { unlinkSync(path); } catch { /* already gone */ } };
}

function isBerthd(pid: number): boolean {
  try {
    readlinkSync(`/proc/${pid}/exe`);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('berthd');
  } catch {
    return false;
  }
}
