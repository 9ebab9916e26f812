/** Docker's default detach sequence: ctrl-p, ctrl-q. */
export const DEFAULT_DETACH_KEYS = Buffer.from([0x10, 0x11]);

const CTRL_NAMES = ['ctrl-@', ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `ctrl-${c}`), 'ctrl-[', 'ctrl-\\', 'ctrl-]', 'ctrl-^', 'ctrl-_'];

/** `ctrl-p,ctrl-q` or `a,ctrl-@` to bytes, as docker's term.ToBytes. */
export function parseDetachKeys(text: string): Buffer {
  const codes: number[] = [];
  for (const key of text.split(',')) {
    if (key.length === 1) {
      codes.push(key.charCodeAt(0));
      continue;
    }
    const code = CTRL_NAMES.indexOf(key.toLowerCase());
    if (code < 0) throw new Error(`Unknown character: '${key}'`);
    codes.push(code);
  }
  return Buffer.from(codes);
}

/**
 * Watches keyboard input for the detach sequence, as docker's escape proxy: bytes
 * that could start the sequence are held back; if the sequence completes the
 * session detaches (held bytes are dropped), otherwise they are released.
 */
export class DetachKeyMatcher {
  private held = 0;

  constructor(private readonly keys: Buffer) {}

  /** The bytes to forward, and whether the sequence was completed in this chunk. */
  feed(chunk: Buffer): { forward: Buffer; detach: boolean } {
    if (this.keys.length === 0) return { forward: chunk, detach: false };
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.held]) {
        this.held++;
        if (this.held === this.keys.length) return { forward: Buffer.from(out), detach: true };
        continue;
      }
      // Mismatch: release what was held, then reconsider this byte as a new start.
      for (let i = 0; i < this.held; i++) out.push(this.keys[i]!);
      this.held = 0;
      if (byte === this.keys[0]) {
        this.held = 1;
        if (this.keys.length === 1) return { forward: Buffer.from(out), detach: true };
      } else {
        out.push(byte);
      }
    }
    return { forward: Buffer.from(out), detach: false };
  }
}
