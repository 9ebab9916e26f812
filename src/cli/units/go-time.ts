/**
 * Go's time.Time.String() in local time ("2024-05-01 10:00:00 +0000 UTC"), which
 * docker prints for CreatedAt columns. `fraction`: the sub-second digits, when the
 * source had them (an RFC 3339 text with nanoseconds); trailing zeros are dropped.
 */
export function goTimeString(date: Date, fraction = ''): string {
  const frac = fraction.replace(/0+$/, '');
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const offsetMin = -date.getTimezoneOffset();
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const offset = `${sign}${p(Math.trunc(abs / 60))}${p(abs % 60)}`;
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}${frac ? `.${frac}` : ''} ${offset} ${zoneName(date, offset)}`;
}

/** Go prints the zone abbreviation (UTC, CET) or, lacking one, the numeric offset. */
function zoneName(date: Date, offset: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((part) => part.type === 'timeZoneName')?.value;
  if (!name || /^GMT[+-]/.test(name)) return offset.slice(0, 3) === '+00' && offset.endsWith('00') ? 'UTC' : offset;
  return name === 'GMT' && offset === '+0000' ? 'UTC' : name;
}

/** RFC 3339 with nanoseconds in local time, fixed width: docker's event timestamps ("2006-01-02T15:04:05.000000000Z07:00"). */
export function rfc3339NanoFixed(unixNanos: bigint): string {
  const ms = Number(unixNanos / 1_000_000n);
  const nanos = Number(unixNanos % 1_000_000_000n);
  const date = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const offsetMin = -date.getTimezoneOffset();
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin > 0 ? '+' : '-'}${p(Math.trunc(Math.abs(offsetMin) / 60))}:${p(Math.abs(offsetMin) % 60)}`;
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(nanos, 9)}${zone}`;
}
