/** An attach session waiting for its container to start (the `docker run` order: attach, then start). */
export interface PendingAttach {
  /** Connects to the started container's monitor. Must not reject for client-side trouble. */
  connect(runDir: string): Promise<void>;
  /** The container will not start (start failed, or it was removed): end the session. */
  cancel(): void;
}

export class PendingAttaches {
  private readonly byContainer = new Map<string, Set<PendingAttach>>();

  add(containerId: string, a: PendingAttach): () => void {
    let set = this.byContainer.get(containerId);
    if (!set) this.byContainer.set(containerId, (set = new Set()));
    set.add(a);
    return () => { set!.delete(a); };
  }

  /** Called by start between "monitor ready" and "go", so no output is missed. */
  async connectAll(containerId: string, runDir: string): Promise<void> {
    const set = this.byContainer.get(containerId);
    if (!set) return;
    this.byContainer.delete(containerId);
    await Promise.all([...set].map((a) => a.connect(runDir)));
  }

  cancel(containerId: string): void {
    const set = this.byContainer.get(containerId);
    this.byContainer.delete(containerId);
    for (const a of set ?? []) a.cancel();
  }
}
