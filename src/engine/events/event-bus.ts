/** One engine event, in our own terms; api/dockercompat maps it to Docker's message shape. */
export interface EngineEvent {
  type: 'container' | 'image' | 'network' | 'volume' | 'daemon';
  action: string;
  /** Object id (container id, image id or reference). */
  id: string;
  attributes: Record<string, string>;
  /** Nanoseconds since the epoch. */
  timeNano: bigint;
}

export interface EventFilter {
  since?: bigint;
  until?: bigint;
  match?: (e: EngineEvent) => boolean;
}

const HISTORY = 1024;

/**
 * In-process publish/subscribe with a bounded history, so `docker events --since` can replay the
 * recent past. Subscribers get an async iterator; a slow subscriber buffers (bounded by its own
 * consumer: the HTTP writer awaits drain).
 */
export class EventBus {
  private readonly history: EngineEvent[] = [];
  private readonly subscribers = new Set<(e: EngineEvent) => void>();

  publish(e: Omit<EngineEvent, 'timeNano'> & { timeNano?: bigint }): void {
    const event: EngineEvent = { ...e, timeNano: e.timeNano ?? nowNano() };
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    for (const s of this.subscribers) s(event);
  }

  /** Calls `listener` with every event from now on, synchronously; returns the unsubscribe. */
  listen(listener: (e: EngineEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /**
   * Past events from `since` (if given), then live ones until `until` passes or `signal` aborts.
   * With `until` in the past, only history is replayed.
   */
  async *subscribe(filter: EventFilter, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const push = (e: EngineEvent) => { queue.push(e); wake?.(); };
    this.subscribers.add(push);
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    let untilTimer: NodeJS.Timeout | undefined;
    let untilPassed = false;
    try {
      const keep = (e: EngineEvent) => (filter.match ? filter.match(e) : true);
      // Taken at subscription, so nothing is both replayed and queued.
      const past = filter.since !== undefined ? this.history.slice() : [];
      for (const e of past) {
        if (e.timeNano >= filter.since! && (filter.until === undefined || e.timeNano <= filter.until) && keep(e)) yield e;
      }
      if (filter.until !== undefined) {
        const ms = Number((filter.until - nowNano()) / 1_000_000n);
        if (ms <= 0) return;
        untilTimer = setTimeout(() => { untilPassed = true; wake?.(); }, ms);
      }
      while (!signal.aborted && !untilPassed) {
        const e = queue.shift();
        if (e) {
          if (keep(e)) yield e;
          continue;
        }
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    } finally {
      this.subscribers.delete(push);
      signal.removeEventListener('abort', onAbort);
      if (untilTimer) clearTimeout(untilTimer);
    }
  }
}

export function nowNano(): bigint {
  return BigInt(Date.now()) * 1_000_000n + process.hrtime.bigint() % 1_000_000n;
}
