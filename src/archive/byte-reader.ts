/**
 * Pulls exact byte counts out of a chunked async source without copying when a
 * request fits in the current chunk. Single consumer: callers must not overlap
 * reads (the tar reader awaits each one).
 */
export class ByteReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private chunk: Buffer = Buffer.alloc(0);
  private done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    while (this.chunk.length === 0) {
      if (this.done) return false;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      const v = r.value;
      this.chunk = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
    return true;
  }

  /** Up to `max` bytes from what is buffered (reading one chunk if none is), or null at end. */
  async readSome(max: number): Promise<Buffer | null> {
    if (!(await this.fill())) return null;
    const out = this.chunk.subarray(0, max);
    this.chunk = this.chunk.subarray(out.length);
    return out;
  }

  /** Exactly `n` bytes, or fewer only if the source ends first (empty buffer at end). */
  async readExact(n: number): Promise<Buffer> {
    const first = await this.readSome(n);
    if (first === null) return Buffer.alloc(0);
    if (first.length === n) return first;
    const parts = [first];
    let got = first.length;
    while (got < n) {
      const more = await this.readSome(n - got);
      if (more === null) break;
      parts.push(more);
      got += more.length;
    }
    return Buffer.concat(parts, got);
  }

  /** Discards `n` bytes; returns how many were actually there. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const part = await this.readSome(left);
      if (part === null) break;
      left -= part.length;
    }
    return n - left;
  }

  /** Reads and discards everything left in the source. */
  async drain(): Promise<void> {
    this.chunk = Buffer.alloc(0);
    while (!this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
    }
  }

  /** Stops the source early (e.g. on error), letting it release its resources. */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.it.return?.();
  }
}
