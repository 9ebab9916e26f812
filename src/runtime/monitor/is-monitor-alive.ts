import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { monitorPaths } from './monitor-paths.js';

/**
 * True while the berth-monitor that owns `dir` runs. The pid alone is not proof
 * (pids are reused after a reboot or a long uptime), so the process's argv must
 * be berth-monitor's with this very `--dir`.
 */
export async function isMonitorAlive(dir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number.parseInt(await readFile(monitorPaths(dir).monitorPidFile, 'utf8'), 10);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let argv: string[];
  try {
    argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    return false; // exited meanwhile
  }
  const dirAt = argv.indexOf('--dir');
  // a zombie has an empty cmdline, so it fails here too
  return basename(argv[0] ?? '') === 'berth-monitor' && dirAt > 0 && resolve(argv[dirAt + 1] ?? '') === resolve(dir);
}
