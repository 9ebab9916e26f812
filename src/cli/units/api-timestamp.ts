import { parseGoDuration } from './go-duration.js';

/**
 * Docker's timetypes.GetTimestamp for `--since`/`--until`: a Go duration ("42m",
 * relative to `now`), an RFC 3339 date or date-time (local time unless it has a
 * zone), or a unix timestamp ("1700000000", "1700000000.5"), passed on as the
 * `seconds[.nanoseconds]` string the API takes.
 */
export function apiTimestamp(value: string, now = Date.now()): string {
  if (value !== '0') {
    try {
      const ns = parseGoDuration(value);
      return String(Math.trunc((now - ns / 1e6) / 1000));
    } catch {
      // not a duration
    }
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
    const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
    const check = new Date(Date.UTC(...fields));
    if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
      throw new Error(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
    }
    let ms: number;
    if (zone === undefined) {
      ms = new Date(...fields).getTime();
    } else {
      ms = Date.UTC(...fields);
      if (zone !== 'Z' && zone !== 'z') {
        const offset = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * (zone[0] === '-' ? -1 : 1);
        ms -= offset * 60_000;
      }
    }
    if (Number.isNaN(ms)) throw new Error(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
    const seconds = Math.floor(ms / 1000);
    return `${seconds}.${frac.padEnd(9, '0')}`;
  }
  if (value.includes('-')) throw new Error(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
  if (!/^\d+(\.\d{1,9})?$/.test(value)) throw new Error(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
  return value;
}
