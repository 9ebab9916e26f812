/**
 * Docker's `--opt k=v` / `--label k=v` values as a map: split at the first `=`; a bare key maps
 * to "". Keys are sorted, as Go's JSON encoder writes maps, so request bodies match docker's.
 */
export function stringMap(values: readonly string[]): Record<string, string> {
  const entries = new Map<string, string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    entries.set(eq < 0 ? v : v.slice(0, eq), eq < 0 ? '' : v.slice(eq + 1));
  }
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
