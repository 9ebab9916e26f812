/**
 * One record of a CRI-format log (the Kubernetes container log format, which
 * berth-monitor writes): `<RFC3339Nano time> <stdout|stderr> <F|P> <content>\n`.
 */
export interface CriLogRecord {
  time: string;
  stream: 'stdout' | 'stderr';
  /** P: the line continues in the next record of the same stream. */
  partial: boolean;
  /** The content as it was output: with its newline for a full record, without for a partial one. */
  data: Buffer;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

/**
 * Parses one record given with its trailing newline. `data` is a slice of
 * `record`, not a copy. Returns null for a malformed record.
 */
export function parseCriRecord(record: Buffer): CriLogRecord | null {
  const timeEnd = record.indexOf(SPACE);
  if (timeEnd <= 0) return null;
  const streamEnd = record.indexOf(SPACE, timeEnd + 1);
  if (streamEnd < 0) return null;
  const stream = record.toString('latin1', timeEnd + 1, streamEnd);
  if (stream !== 'stdout' && stream !== 'stderr') return null;
  const tag = record[streamEnd + 1];
  if (tag !== 0x46 /* F */ && tag !== 0x50 /* P */) return null;
  const partial = tag === 0x50;
  const contentStart = Math.min(streamEnd + 3, record.length); // past "F "
  const hasNewline = record[record.length - 1] === NEWLINE;
  const end = partial && hasNewline ? record.length - 1 : record.length;
  return {
    time: record.toString('latin1', 0, timeEnd),
    stream,
    partial,
    data: record.subarray(Math.min(contentStart, end), end),
  };
}
