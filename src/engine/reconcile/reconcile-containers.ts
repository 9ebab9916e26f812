import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerService } from '../containers/container-service.js';
import { rootfsDir, runDir, runtimeFor } from '../containers/container-context.js';
import { restartDecision } from '../containers/restart-policy.js';

export interface ReconcilePorts {
  /** Mount points currently under a prefix (from /proc/self/mountinfo), deepest first. */
  mountsUnder(prefix: string): Promise<string[]>;
  /** Container ids the OCI runtime still has state for. */
  runtimeContainers(): Promise<string[]>;
  /** Container ids that still have cgroups under this daemon's parent. */
  cgroupContainers(): Promise<Set<string>>;
  removeCgroup(id: string): Promise<void>;
  /** Drops snapshots that neither an image nor one of these containers owns. */
  collectSnapshots(liveContainerKeys: Set<string>): Promise<void>;
}

export interface ReconcileReport {
  reattached: string[];
  exitedWhileDown: string[];
  unmounted: string[];
  runtimeStateDeleted: string[];
  cgroupsRemoved: string[];
  orphanDirs: number;
  restarted: string[];
}

/**
 * Runs before the socket opens, after any stop (clean or kill -9): containers whose monitor still
 * runs are followed again; those that ended meanwhile get their exit code recorded and their
 * resources released; anything no record owns (mounts, runtime state, cgroups, bundles,
 * snapshots, half-created directories) is removed.
 */
export async function reconcileContainers(containers: ContainerService, ports: ReconcilePorts, orphanDirs: string[]): Promise<ReconcileReport> {
  const ctx = containers.context;
  const report: ReconcileReport = { reattached: [], exitedWhileDown: [], unmounted: [], runtimeStateDeleted: [], cgroupsRemoved: [], orphanDirs: orphanDirs.length, restarted: [] };
  for (const dir of orphanDirs) await rm(dir, { recursive: true, force: true });

  const running = new Set<string>();
  const toRestart: string[] = [];
  for (const rec of ctx.store.all()) {
    const wasUp = rec.state.status === 'running' || rec.state.status === 'paused' || rec.state.status === 'restarting';
    if (rec.state.status === 'removing') {
      await containers.remove(rec.id, { force: true }).catch((err) => ctx.onBackgroundError(`finishing removal of ${rec.id}`, err));
      continue;
    }
    if (rec.state.status === 'running' || rec.state.status === 'paused') {
      if (await ctx.monitor.isAlive(runDir(ctx, rec.id))) {
        running.add(rec.id);
        containers.lifecycle.watch(rec);
        report.reattached.push(rec.id);
        continue;
      }
      const code = await ctx.monitor.readExitFile(runDir(ctx, rec.id));
      await ctx.locks.run(rec.id, () => containers.lifecycle.recordExit(rec, code ?? 255, code === null ? 'the container monitor was lost while berthd was down' : ''));
      report.exitedWhileDown.push(rec.id);
    } else if (rec.state.status === 'restarting') {
      rec.state.status = 'exited';
      await ctx.store.save(rec);
    }
    if (wasUp && restartDecision(rec).restart) toRestart.push(rec.id);
  }

  // Whatever is mounted under a container directory and not running is a leak.
  for (const rec of ctx.store.all()) {
    if (running.has(rec.id)) continue;
    for (const m of await ports.mountsUnder(rootfsDir(ctx, rec.id))) {
      await ctx.mounts.unmount(m, { detach: true });
      report.unmounted.push(m);
    }
  }
  for (const id of await ports.runtimeContainers()) {
    if (running.has(id)) continue;
    const rec = ctx.store.find(id);
    const runtime = rec ? runtimeFor(ctx, rec) : ctx.runtimes.get(ctx.defaultRuntime)!;
    await runtime.delete(id, { force: true }).catch((err) => ctx.onBackgroundError(`runtime delete ${id}`, err));
    report.runtimeStateDeleted.push(id);
  }
  for (const id of await ports.cgroupContainers()) {
    if (running.has(id)) continue;
    await ports.removeCgroup(id);
    report.cgroupsRemoved.push(id);
  }
  await removeStaleRunDirs(ctx.execRoot, 'c', new Set([...running].map((id) => runDir(ctx, id))));
  await removeStaleRunDirs(ctx.execRoot, 'e', new Set(), async (dir) => ctx.monitor.isAlive(dir));
  await ports.collectSnapshots(new Set(ctx.store.all().map((r) => r.snapshotKey)));

  for (const id of toRestart) {
    try {
      await containers.lifecycle.start(id);
      report.restarted.push(id);
    } catch (err) {
      ctx.onBackgroundError(`restarting ${id} at boot`, err);
    }
  }
  return report;
}

async function removeStaleRunDirs(execRoot: string, kind: string, keep: Set<string>, alive?: (dir: string) => Promise<boolean>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(join(execRoot, kind));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(execRoot, kind, name);
    if (keep.has(dir) || (alive && (await alive(dir)))) continue;
    await rm(dir, { recursive: true, force: true });
  }
}
