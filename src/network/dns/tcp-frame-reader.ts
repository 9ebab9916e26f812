/**
 * Splits a DNS-over-TCP byte stream into messages (RFC 1035 §4.2.2: each message is
 * prefixed by its length as two bytes). Chunks are joined only once a whole frame is there.
 */
export class TcpFrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds received bytes; returns the messages they complete, in order. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    for (;;) {
      if (this.buffered < 2) break;
      const head = this.chunks[0]!.length >= 2 ? this.chunks[0]! : this.join();
      const frameLength = 2 + head.readUInt16BE(0);
      if (this.buffered < frameLength) break;
      const all = this.join();
      messages.push(all.subarray(2, frameLength));
      const rest = all.subarray(frameLength);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return messages;
  }

  private join(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }
}

/** Prefixes a message with its two-byte length for sending over TCP. */
export function frameTcpMessage(message: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}
