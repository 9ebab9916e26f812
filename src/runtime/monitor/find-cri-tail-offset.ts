import type { FileHandle } from 'node:fs/promises';
import { parseCriRecord } from './cri-log-record.js';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * A file offset from which reading forward yields the last `lines` lines of a CRI
 * log whole, found by reading backwards from `size`. A line is a full record with
 * the partial records of its stream before it; a stream's unfinished last line
 * counts as one. Lines end in completion order, so the offset is the end of the
 * full record that closes the line before them, moved further back while a line
 * of the other stream began earlier; the caller trims the few extra lines that
 * this can include.
 */
export async function findCriTailOffset(file: FileHandle, size: number, lines: number): Promise<number> {
  if (lines <= 0) return size;
  const seen = new Set<string>(); // streams whose last line has been counted
  let need: Set<string> | undefined; // past the count: streams whose earliest counted line has not begun
  let count = 0;
  let pos = size;
  let carry: Buffer | undefined; // the start of a record cut by the previous chunk boundary
  let first = true;
  while (pos > 0) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    const chunk = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const { bytesRead } = await file.read(chunk, got, len - got, pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const data = carry === undefined ? chunk.subarray(0, got) : Buffer.concat([chunk.subarray(0, got), carry]);
    let end = data.length; // exclusive end of the next record to look at, just past its newline
    if (first) {
      // a record still being written has no newline yet: it is not part of the log so far
      end = data.lastIndexOf(NEWLINE) + 1;
      if (end === 0) continue;
      first = false;
    }
    while (end > 0) {
      // (a negative offset would make lastIndexOf search from the buffer's end)
      const start = end < 2 ? 0 : data.lastIndexOf(NEWLINE, end - 2) + 1;
      if (start === 0 && pos > 0) break; // the record may begin in the previous chunk
      const record = parseCriRecord(data.subarray(start, end));
      if (record === null) {
        // skip
      } else if (need !== undefined) {
        // a line begins after the full record before it in its own stream
        if (!record.partial && need.delete(record.stream) && need.size === 0) return pos + end;
      } else if (!record.partial || !seen.has(record.stream)) {
        if (++count > lines) {
          need = new Set(seen);
          need.delete(record.stream);
          if (need.size === 0) return pos + end;
        }
        seen.add(record.stream);
      }
      end = start;
    }
    carry = end > 0 ? data.subarray(0, end) : undefined;
  }
  return 0;
}
