/**
 * A readers-writer lock for async work in this process: any number of `shared`
 * sections run together; an `exclusive` section waits for them to finish and
 * runs alone. Waiting exclusive sections take priority over new shared ones, so
 * a stream of readers cannot starve a writer.
 */
export class SharedLock {
  private readers = 0;
  private writer = false;
  private readonly waitingWriters: Array<() => void> = [];
  private readonly waitingReaders: Array<() => void> = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writer || this.waitingWriters.length > 0) {
      await new Promise<void>((r) => this.waitingReaders.push(r));
    } else {
      this.readers++;
    }
    try {
      return await fn();
    } finally {
      this.readers--;
      this.wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writer || this.readers > 0) {
      await new Promise<void>((r) => this.waitingWriters.push(r));
    } else {
      this.writer = true;
    }
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.wake();
    }
  }

  /** Hands the lock on: to the next writer if no reader holds it, else to all waiting readers. */
  private wake(): void {
    if (this.writer || this.readers > 0) return;
    const w = this.waitingWriters.shift();
    if (w) {
      this.writer = true;
      w();
      return;
    }
    const readers = this.waitingReaders.splice(0);
    this.readers += readers.length;
    for (const r of readers) r();
  }
}
