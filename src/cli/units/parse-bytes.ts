const BINARY: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };
const SIZE_RE = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;

/**
 * go-units RAMInBytes: `512m`, `1g`, `1.5GiB`, `100` (bytes) with binary
 * multipliers whatever the suffix says, as docker parses `-m`, `--shm-size`...
 */
export function ramInBytes(text: string): number {
  return parseSize(text, BINARY);
}

/** go-units FromHumanSize: the same syntax with decimal multipliers (`1kB` = 1000). */
export function fromHumanSize(text: string): number {
  return parseSize(text, DECIMAL);
}

function parseSize(text: string, units: Record<string, number>): number {
  const m = SIZE_RE.exec(text);
  if (!m) throw new Error(`invalid size: '${text}'`);
  const value = Number(m[1]);
  if (Number.isNaN(value)) throw new Error(`invalid size: '${text}'`);
  return Math.trunc(value * units[(m[2] ?? '').toLowerCase()]!);
}

/** Docker's MemSwapBytes: `-1` (unlimited) or a RAM size. */
export function memSwapBytes(text: string): number {
  return text === '-1' ? -1 : ramInBytes(text);
}
