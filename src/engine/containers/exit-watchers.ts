export interface ExitResult {
  exitCode: number;
  error?: string;
}

/**
 * Waiters for "the container stopped" and "the container is gone". Resolved by the lifecycle
 * once the new state is saved, so a waiter that wakes up reads the final state.
 */
export class ExitWatchers {
  private readonly exits = new Map<string, Set<(r: ExitResult) => void>>();
  private readonly removals = new Map<string, Set<(r: ExitResult) => void>>();

  nextExit(id: string, signal?: AbortSignal): Promise<ExitResult> {
    return this.wait(this.exits, id, signal);
  }

  removed(id: string, signal?: AbortSignal): Promise<ExitResult> {
    return this.wait(this.removals, id, signal);
  }

  notifyExit(id: string, r: ExitResult): void {
    this.fire(this.exits, id, r);
  }

  notifyRemoved(id: string, r: ExitResult): void {
    this.fire(this.exits, id, r);
    this.fire(this.removals, id, r);
  }

  private wait(map: Map<string, Set<(r: ExitResult) => void>>, id: string, signal?: AbortSignal): Promise<ExitResult> {
    return new Promise((resolve, reject) => {
      let set = map.get(id);
      if (!set) map.set(id, (set = new Set()));
      const cb = (r: ExitResult) => { signal?.removeEventListener('abort', onAbort); resolve(r); };
      const onAbort = () => { set!.delete(cb); reject(signal!.reason); };
      set.add(cb);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private fire(map: Map<string, Set<(r: ExitResult) => void>>, id: string, r: ExitResult): void {
    const set = map.get(id);
    if (!set) return;
    map.delete(id);
    for (const cb of set) cb(r);
  }
}
