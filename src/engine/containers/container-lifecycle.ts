import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRecord } from '../../core/container.js';
import { conflict, EngineError } from '../../core/engine-error.js';
import { type ContainerContext, eventAttributes, initLayerDir, rootfsDir, runDir, runtimeFor } from './container-context.js';
import { checkInitLayer, usesInitLayer } from './init-layer.js';
import { copyUpVolumes } from './copy-up-volumes.js';
import { writeEtcFiles } from './etc-files.js';
import type { PendingAttaches } from './pending-attaches.js';
import { restartDecision } from './restart-policy.js';

export type StartOutcome = 'started' | 'already-running';

const DEFAULT_STOP_TIMEOUT_S = 10;
/** How long kill with SIGKILL waits for the exit to be recorded before answering anyway. */
const KILL_WAIT_MS = 10_000;

/**
 * Start, stop, kill, pause and the handling of a container's exit. Every state change of one
 * container runs under its lock, and is saved before anyone waiting on it is told.
 */
export class ContainerLifecycle {
  /** Runtime state still being deleted after an exit, by container id. */
  private readonly releasing = new Map<string, Promise<void>>();

  constructor(private readonly ctx: ContainerContext, private readonly attaches: PendingAttaches,
    private readonly autoRemove: (rec: ContainerRecord) => Promise<void>) {}

  async start(ref: string): Promise<StartOutcome> {
    const rec = this.ctx.store.get(ref);
    return this.ctx.locks.run(rec.id, async () => {
      if (rec.state.status === 'running' || rec.state.status === 'paused') return 'already-running';
      if (rec.state.status === 'removing' || !this.ctx.store.find(rec.id)) throw conflict(`container ${rec.id} is marked for removal and cannot be started`);
      rec.state.restartCount = 0;
      await this.startLocked(rec);
      return 'started';
    }).catch(async (err) => {
      // Docker removes an auto-remove container whose start failed; `docker run --rm` waits for that.
      if (rec.host.autoRemove && rec.state.status === 'created') await this.autoRemove(rec);
      throw err;
    });
  }

  /** Assembles rootfs and bundle, then hands the runtime to the monitor. Undoes everything on failure. */
  private async startLocked(rec: ContainerRecord): Promise<void> {
    const { ctx } = this;
    const runtime = runtimeFor(ctx, rec);
    const dir = runDir(ctx, rec.id);
    await this.releasing.get(rec.id);
    const rootfs = rootfsDir(ctx, rec.id);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await mkdir(rootfs, { recursive: true });
    const init = initLayerDir(ctx, rec.id);
    if (usesInitLayer(rec.rootfsMounts, init)) await checkInitLayer(init);
    await ctx.mounts.mountAll(rec.rootfsMounts, rootfs);
    try {
      await copyUpVolumes(ctx.volumes, rec.host.mounts, rootfs);
      const user = await ctx.specs.resolveUser(rootfs, rec.config.user, rec.host.groupAdd);
      const networkState = await ctx.networks?.setUp(rec);
      if (networkState) rec.networkState = networkState;
      const extraMounts = await writeEtcFiles(rec, ctx.store.dir(rec.id), ctx.networks?.etcInfo(rec));
      const spec = await ctx.specs.generate(rec, {
        rootfsPath: rootfs, args: [...rec.config.entrypoint, ...rec.config.cmd], user,
        cgroupsPath: ctx.cgroups.pathFor(rec.id), extraMounts,
      });
      await writeFile(join(dir, 'config.json'), spec);
      const argv = runtime.runArgv(rec.id, dir, {
        pidFile: join(dir, 'pid'),
        ...(rec.config.tty ? { consoleSocket: join(dir, 'console.sock') } : {}),
      });
      // Docker closes stdin when the attached client ends its input only without a tty: with one,
      // EOF is a byte on the terminal, and a client that leaves (ctrl-p ctrl-q) merely detaches.
      const { pid } = await ctx.monitor.start({
        dir, logPath: rec.logPath, tty: rec.config.tty, stdin: rec.config.openStdin, stdinOnce: rec.config.stdinOnce && !rec.config.tty, argv,
        beforeGo: () => this.attaches.connectAll(rec.id, dir),
      });
      rec.state = {
        ...rec.state, status: 'running', pid, exitCode: 0, error: '', oomKilled: false,
        startedAt: new Date().toISOString(), stoppedByUser: false,
      };
    } catch (err) {
      await runtime.delete(rec.id, { force: true }).catch(() => undefined);
      await ctx.mounts.unmount(rootfs, { detach: true });
      await this.releaseNetwork(rec);
      rec.state.error = err instanceof Error ? err.message : String(err);
      rec.state.exitCode = /executable file not found|no such file or directory/i.test(rec.state.error) ? 127
        : /permission denied/i.test(rec.state.error) ? 126 : 128;
      await ctx.store.save(rec);
      this.attaches.cancel(rec.id);
      throw err;
    }
    await ctx.store.save(rec);
    ctx.events.publish({ type: 'container', action: 'start', id: rec.id, attributes: eventAttributes(rec) });
    this.watch(rec);
  }

  /** Follows the monitor until the container exits; used after start and after a daemon restart. */
  watch(rec: ContainerRecord): void {
    const dir = runDir(this.ctx, rec.id);
    const startedAt = rec.state.startedAt;
    this.ctx.monitor.watchExit(dir).then(
      (code) => this.onExit(rec.id, startedAt, code ?? 255, code === null ? 'container monitor exited unexpectedly' : ''),
      (err) => this.onExit(rec.id, startedAt, 255, `lost track of the container: ${(err as Error).message}`),
    ).catch((err) => this.ctx.onBackgroundError(`exit of ${rec.id}`, err));
  }

  private async onExit(id: string, startedAt: string, exitCode: number, error: string): Promise<void> {
    const rec = this.ctx.store.find(id);
    if (!rec) return;
    const next = await this.ctx.locks.run(id, async () => {
      // A stale watcher (the container was restarted meanwhile) must not touch the new run.
      if (rec.state.startedAt !== startedAt || (rec.state.status !== 'running' && rec.state.status !== 'paused')) return undefined;
      await this.recordExit(rec, exitCode, error);
      return restartDecision(rec);
    });
    if (next === undefined) return;
    if (next.restart) return this.scheduleRestart(rec, next.delayMs);
    if (rec.host.autoRemove) await this.autoRemove(rec);
  }

  /**
   * Reads OOM state (before the runtime removes the cgroup), saves and announces the exit, then
   * releases runtime state, the rootfs mount and the run directory. Waiters are told before the
   * release: `docker run` returns sooner, and anything that must follow the release (start,
   * remove) takes this container's lock, which the caller holds until the release is done.
   */
  async recordExit(rec: ContainerRecord, exitCode: number, error = ''): Promise<void> {
    const { ctx } = this;
    const runtime = runtimeFor(ctx, rec);
    const oomKilled = await ctx.cgroups.oomKilled(ctx.cgroups.pathFor(rec.id)).catch(() => false);
    rec.state = { ...rec.state, status: 'exited', pid: 0, exitCode, oomKilled, error, finishedAt: new Date().toISOString() };
    const networkState = rec.networkState;
    delete rec.networkState;
    await ctx.store.save(rec);
    if (oomKilled) ctx.events.publish({ type: 'container', action: 'oom', id: rec.id, attributes: eventAttributes(rec) });
    const ranFor = Math.max(0, Math.round((Date.now() - Date.parse(rec.state.startedAt)) / 1000));
    ctx.events.publish({ type: 'container', action: 'die', id: rec.id,
      attributes: eventAttributes(rec, { exitCode: String(exitCode), execDuration: String(ranFor) }) });
    // Ports and addresses are free before anyone hears of the exit: `docker stop x && docker run -p
    // <same port>` must work. A crash before this leaves what boot-time reconcile removes.
    if (networkState) {
      await ctx.networks?.tearDown(rec, networkState).catch((err) => ctx.onBackgroundError(`network teardown of ${rec.id}`, err));
    }
    ctx.watchers.notifyExit(rec.id, { exitCode, ...(error ? { error } : {}) });
    // The runtime forgets the container in the background: nothing but the next start of this
    // container depends on it (a crash meanwhile leaves runtime state that reconcile deletes).
    const dir = runDir(ctx, rec.id);
    const release = runtime.delete(rec.id, { force: true })
      .catch((err) => ctx.onBackgroundError(`runtime delete ${rec.id}`, err))
      .then(() => rm(dir, { recursive: true, force: true }))
      .finally(() => { if (this.releasing.get(rec.id) === release) this.releasing.delete(rec.id); });
    this.releasing.set(rec.id, release);
    await ctx.mounts.unmount(rootfsDir(ctx, rec.id), { detach: true });
  }

  /** Undoes the network part of a start that failed. */
  private async releaseNetwork(rec: ContainerRecord): Promise<void> {
    const state = rec.networkState;
    if (!state) return;
    delete rec.networkState;
    await this.ctx.networks?.tearDown(rec, state).catch((err) => this.ctx.onBackgroundError(`network teardown of ${rec.id}`, err));
  }

  private scheduleRestart(rec: ContainerRecord, delayMs: number): void {
    rec.state.status = 'restarting';
    const timer = setTimeout(() => {
      void this.ctx.locks.run(rec.id, async () => {
        if (rec.state.status !== 'restarting' || !this.ctx.store.find(rec.id)) return;
        rec.state.restartCount += 1;
        try {
          await this.startLocked(rec);
          this.ctx.events.publish({ type: 'container', action: 'restart', id: rec.id, attributes: eventAttributes(rec) });
        } catch (err) {
          rec.state.status = 'exited';
          await this.ctx.store.save(rec);
          this.ctx.onBackgroundError(`restart of ${rec.id}`, err);
        }
      });
    }, delayMs);
    timer.unref();
  }

  /**
   * Docker's stop: the stop signal, then SIGKILL after the timeout. Resolves once the exit is
   * recorded. Stopping a container that isn't running is `not_modified` (Docker's 304).
   */
  async stop(ref: string, opts: { signal?: string; timeoutS?: number } = {}): Promise<'stopped' | 'not-running'> {
    const rec = this.ctx.store.get(ref);
    // Under the lock: a pending restart may be starting it right now, and must either not start or be stopped.
    const cancelled = await this.ctx.locks.run(rec.id, async () => {
      if (rec.state.status !== 'restarting') return false;
      rec.state.status = 'exited';
      rec.state.stoppedByUser = true;
      await this.ctx.store.save(rec);
      return true;
    });
    if (cancelled) return 'stopped';
    if (rec.state.status !== 'running' && rec.state.status !== 'paused') return 'not-running';
    // Both before the first await: the exit may be recorded meanwhile, and must see both.
    rec.state.stoppedByUser = true;
    const exited = this.ctx.watchers.nextExit(rec.id);
    await this.ctx.store.save(rec);
    const timeoutS = opts.timeoutS ?? rec.config.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
    const runtime = runtimeFor(this.ctx, rec);
    if (rec.state.status === 'paused') await this.unpause(rec.id);
    this.ctx.events.publish({ type: 'container', action: 'kill', id: rec.id, attributes: eventAttributes(rec, { signal: signalNumber(opts.signal || rec.config.stopSignal) }) });
    await runtime.kill(rec.id, opts.signal || rec.config.stopSignal).catch(() => undefined);
    if (timeoutS >= 0 && !(await settlesWithin(exited, timeoutS * 1000))) {
      await runtime.kill(rec.id, 'SIGKILL', { all: true }).catch(() => undefined);
    }
    await exited;
    this.ctx.events.publish({ type: 'container', action: 'stop', id: rec.id, attributes: eventAttributes(rec) });
    return 'stopped';
  }

  async kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    const rec = this.ctx.store.get(ref);
    if (rec.state.status !== 'running' && rec.state.status !== 'paused') throw conflict(`Cannot kill container: ${ref}: Container ${rec.id} is not running`);
    const sig = normalizeSignal(signal);
    // Docker's kill with SIGKILL returns once the exit is recorded, so `docker kill x && docker rm x` works.
    const exited = sig === 'SIGKILL' ? this.ctx.watchers.nextExit(rec.id) : undefined;
    if (sig === 'SIGKILL' || sig === 'SIGTERM' || sig === 'SIGINT') {
      rec.state.stoppedByUser = true;
      await this.ctx.store.save(rec);
    }
    this.ctx.events.publish({ type: 'container', action: 'kill', id: rec.id, attributes: eventAttributes(rec, { signal: signalNumber(sig) }) });
    await runtimeFor(this.ctx, rec).kill(rec.id, sig, { all: sig === 'SIGKILL' });
    if (exited) await settlesWithin(exited, KILL_WAIT_MS);
  }

  async restart(ref: string, opts: { signal?: string; timeoutS?: number } = {}): Promise<void> {
    const rec = this.ctx.store.get(ref);
    await this.stop(rec.id, opts);
    await this.start(rec.id);
    this.ctx.events.publish({ type: 'container', action: 'restart', id: rec.id, attributes: eventAttributes(rec) });
  }

  async pause(ref: string): Promise<void> {
    const rec = this.ctx.store.get(ref);
    await this.ctx.locks.run(rec.id, async () => {
      if (rec.state.status === 'paused') throw conflict(`Container ${rec.id} is already paused`);
      if (rec.state.status !== 'running') throw conflict(`Container ${rec.id} is not running`);
      await runtimeFor(this.ctx, rec).pause(rec.id);
      rec.state.status = 'paused';
      await this.ctx.store.save(rec);
    });
    this.ctx.events.publish({ type: 'container', action: 'pause', id: rec.id, attributes: eventAttributes(rec) });
  }

  async unpause(ref: string): Promise<void> {
    const rec = this.ctx.store.get(ref);
    await this.ctx.locks.run(rec.id, async () => {
      if (rec.state.status !== 'paused') throw conflict(`Container ${rec.id} is not paused`);
      await runtimeFor(this.ctx, rec).resume(rec.id);
      rec.state.status = 'running';
      await this.ctx.store.save(rec);
    });
    this.ctx.events.publish({ type: 'container', action: 'unpause', id: rec.id, attributes: eventAttributes(rec) });
  }
}

function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.then(() => { clearTimeout(t); resolve(true); }, () => { clearTimeout(t); resolve(true); });
  });
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10,
  SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19,
  SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
  SIGIO: 29, SIGPWR: 30, SIGSYS: 31,
};

/** `TERM`, `sigterm`, `SIGTERM` and `15` all mean SIGTERM; anything else is a 400. */
export function normalizeSignal(s: string): string {
  const upper = s.trim().toUpperCase();
  if (/^\d+$/.test(upper)) {
    const n = Number(upper);
    const name = Object.keys(SIGNALS).find((k) => SIGNALS[k] === n);
    if (name) return name;
    if (n >= 34 && n <= 64) return String(n); // real-time signals
  } else {
    const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
    if (name in SIGNALS) return name;
    const rt = /^SIGRTMIN(\+(\d+))?$/.exec(name);
    if (rt) return String(34 + Number(rt[2] ?? 0));
  }
  throw new EngineError('invalid_argument', `Invalid signal: ${s}`);
}

function signalNumber(s: string): string {
  const name = normalizeSignal(s);
  return String(SIGNALS[name] ?? name);
}
