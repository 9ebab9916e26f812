/**
 * Applies `overrides` to `base` the way Docker merges environments: `KEY=v` replaces KEY in
 * place or is appended; a bare `KEY` (no `=`) removes KEY. Returns a new array.
 */
export function mergeEnv(base: readonly string[], overrides: readonly string[]): string[] {
  const out: (string | undefined)[] = [...base];
  const index = new Map<string, number>();
  out.forEach((e, i) => index.set(keyOf(e!), i));
  for (const e of overrides) {
    const key = keyOf(e);
    const at = index.get(key);
    if (!e.includes('=')) {
      if (at !== undefined) out[at] = undefined;
      index.delete(key);
    } else if (at !== undefined) {
      out[at] = e;
    } else {
      index.set(key, out.push(e) - 1);
    }
  }
  return out.filter((e): e is string => e !== undefined);
}

function keyOf(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}
