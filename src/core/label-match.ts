/**
 * Docker's label filter: `key` matches when the label is set (to anything), `key=value` when it
 * has exactly that value. One definition for every list and prune filter and for events.
 */
export function labelMatches(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return Object.hasOwn(labels, filter);
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}
