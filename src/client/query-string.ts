/** Arrays become repeated parameters (`changes=a&changes=b`), as Go's url.Values encodes them. */
export type QueryValue = string | number | boolean | undefined | null | readonly string[];

/**
 * Encodes query parameters as Docker's server reads them: booleans as `1`/`0`
 * (some default to true, e.g. stats' `stream`); undefined and null are omitted.
 */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(item)}`);
      continue;
    }
    const text = value === true ? '1' : value === false ? '0' : String(value);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** Docker's `filters` parameter: JSON of `{ key: [values] }`; undefined when there are none. */
export function encodeFilters(filters: Record<string, string[]> | undefined): string | undefined {
  if (filters === undefined) return undefined;
  const nonEmpty = Object.entries(filters).filter(([, values]) => values.length > 0);
  return nonEmpty.length === 0 ? undefined : JSON.stringify(Object.fromEntries(nonEmpty));
}
