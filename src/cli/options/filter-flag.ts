import type { FlagSpec } from '../args/flag-spec.js';

/** One `--filter name=value`, validated as docker's FilterOpt does. */
function parseFilter(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq < 0) throw new Error('bad format of filter (expected name=value)');
  return [text.slice(0, eq).trim().toLowerCase(), text.slice(eq + 1).trim()];
}

export function filterFlag(short: string | undefined, description = 'Filter output based on conditions provided'): FlagSpec {
  return { long: 'filter', ...(short ? { short } : {}), kind: 'list', type: 'filter', description, parse: parseFilter };
}

/** The repeated `--filter` values as the API's `{name: [values]}`. */
export function filtersFrom(values: [string, string][]): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const [name, value] of values) (filters[name] ??= []).push(value);
  return filters;
}
