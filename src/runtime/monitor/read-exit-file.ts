import { readFile } from 'node:fs/promises';
import { EngineError } from '../../core/engine-error.js';
import { monitorPaths } from './monitor-paths.js';

/**
 * The exit code the monitor recorded, or null if it has not written one (still
 * running, or died abnormally). Codes follow docker: 128+signal when killed,
 * 125/126/127 when the process could not be started.
 */
export async function readExitFile(dir: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(monitorPaths(dir).exitFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  // written with rename, so a partial file is impossible; anything else is corruption
  if (!/^\d{1,3}\n$/.test(text)) throw new EngineError('internal', `corrupt monitor exit file in ${dir}: ${JSON.stringify(text)}`);
  return Number.parseInt(text, 10);
}
