import type { ContainerRecord, HealthProbeResult } from '../../core/container.js';
import type { EventBus } from '../events/event-bus.js';
import { type ContainerContext, eventAttributes } from './container-context.js';
import type { ExecService } from './exec-service.js';
import { ProbeOutput } from './probe-output.js';

const NS_PER_MS = 1_000_000;
const DEFAULTS = { intervalMs: 30_000, timeoutMs: 30_000, startIntervalMs: 5_000, retries: 3 };
const LOG_ENTRIES = 5;

/**
 * Docker's HEALTHCHECK: while a container with a health check runs, its test runs as an exec
 * (a timer per container in berthd, no process while idle), and State.Health follows the
 * results: `starting` until the first success, `healthy`, or `unhealthy` after `retries`
 * failures in a row. Failures inside the start period don't count, and probes there run every
 * start interval. Each result is saved with the record; a status change is a
 * `health_status: <status>` event.
 */
export class HealthChecks {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ctx: ContainerContext, private readonly execs: ExecService) {}

  /** Follows container starts and exits; call once at boot, after reconcile. */
  watch(events: EventBus): void {
    events.listen((e) => {
      if (e.type !== 'container') return;
      if (e.action === 'start') this.arm(e.id, { fresh: true });
      else if (e.action === 'die') this.disarm(e.id);
    });
    for (const rec of this.ctx.store.all()) {
      if (rec.state.status === 'running' || rec.state.status === 'paused') this.arm(rec.id, { fresh: false });
    }
  }

  private arm(id: string, o: { fresh: boolean }): void {
    const rec = this.ctx.store.find(id);
    const test = rec?.config.healthcheck?.test ?? [];
    if (!rec || test.length === 0 || test[0] === 'NONE') return;
    if (o.fresh || !rec.state.health) rec.state.health = { status: 'starting', failingStreak: 0, log: [] };
    this.schedule(rec, rec.state.startedAt);
  }

  private disarm(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  private schedule(rec: ContainerRecord, startedAt: string): void {
    this.disarm(rec.id);
    const hc = rec.config.healthcheck!;
    const interval = hc.intervalNs ? hc.intervalNs / NS_PER_MS : DEFAULTS.intervalMs;
    const startInterval = hc.startIntervalNs ? hc.startIntervalNs / NS_PER_MS : DEFAULTS.startIntervalMs;
    const delay = this.inStartPeriod(rec) && rec.state.health?.status === 'starting' ? Math.min(startInterval, interval) : interval;
    const timer = setTimeout(() => {
      this.timers.delete(rec.id);
      void this.probe(rec, startedAt).catch((err) => this.ctx.onBackgroundError(`health check of ${rec.id}`, err));
    }, delay);
    timer.unref();
    this.timers.set(rec.id, timer);
  }

  /** One probe, then the next one is scheduled, unless the container stopped or restarted meanwhile. */
  private async probe(rec: ContainerRecord, startedAt: string): Promise<void> {
    const current = () => this.ctx.store.find(rec.id) === rec && rec.state.startedAt === startedAt
      && (rec.state.status === 'running' || rec.state.status === 'paused');
    if (!current()) return;
    if (rec.state.status === 'running') {
      const result = await this.run(rec);
      if (!current()) return;
      await this.record(rec, result);
    }
    if (current()) this.schedule(rec, startedAt);
  }

  private async run(rec: ContainerRecord): Promise<HealthProbeResult> {
    const hc = rec.config.healthcheck!;
    const cmd = hc.test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', hc.test.slice(1).join(' ')] : hc.test.slice(1);
    const timeoutMs = hc.timeoutNs ? hc.timeoutNs / NS_PER_MS : DEFAULTS.timeoutMs;
    const start = new Date().toISOString();
    const output = new ProbeOutput();
    let execId: string;
    try {
      execId = this.execs.create(rec.id, {
        cmd, env: [], workingDir: '', user: '', tty: false, attachStdin: false, attachStdout: true, attachStderr: true,
        privileged: false, detachKeys: '',
      });
    } catch (err) {
      return { start, end: new Date().toISOString(), exitCode: -1, output: (err as Error).message };
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      const pid = this.execs.get(execId).pid;
      if (pid > 0) try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    try {
      await this.execs.start(execId, output);
    } finally {
      clearTimeout(timer);
    }
    const end = new Date().toISOString();
    if (timedOut) return { start, end, exitCode: -1, output: `Health check exceeded timeout (${formatMs(timeoutMs)})` };
    return { start, end, exitCode: this.execs.get(execId).exitCode ?? -1, output: output.text };
  }

  private async record(rec: ContainerRecord, result: HealthProbeResult): Promise<void> {
    const health = rec.state.health ?? { status: 'starting' as const, failingStreak: 0, log: [] };
    const before = health.status;
    health.log = [...health.log, result].slice(-LOG_ENTRIES);
    if (result.exitCode === 0) {
      health.failingStreak = 0;
      health.status = 'healthy';
    } else if (!(this.inStartPeriod(rec) && health.status === 'starting')) {
      health.failingStreak += 1;
      if (health.failingStreak >= (rec.config.healthcheck!.retries || DEFAULTS.retries)) health.status = 'unhealthy';
    }
    rec.state.health = health;
    await this.ctx.store.save(rec);
    if (health.status !== before) {
      this.ctx.events.publish({ type: 'container', action: `health_status: ${health.status}`, id: rec.id, attributes: eventAttributes(rec) });
    }
  }

  private inStartPeriod(rec: ContainerRecord): boolean {
    const period = (rec.config.healthcheck?.startPeriodNs ?? 0) / NS_PER_MS;
    return Date.now() < Date.parse(rec.state.startedAt) + period;
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
