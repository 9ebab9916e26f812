import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { ContainerRecord } from '../../core/container.js';
import { conflict, invalidArgument, notFound } from '../../core/engine-error.js';
import { newObjectId } from '../../core/object-id.js';
import { bridgeAttach, frameOutput, parseDetachKeys } from './attach-bridge.js';
import { type ContainerContext, eventAttributes, execDir, runDir, runtimeFor } from './container-context.js';

export interface ExecConfig {
  cmd: string[];
  env: string[];
  workingDir: string;
  user: string;
  tty: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  privileged: boolean;
  detachKeys: string;
  consoleSize?: [number, number];
}

export interface ExecInstance {
  id: string;
  containerId: string;
  config: ExecConfig;
  running: boolean;
  exitCode: number | null;
  pid: number;
  /** Settles when the process has exited and exitCode is set. */
  done?: Promise<void>;
}

/** Docker keeps finished exec instances around for inspect; we keep the last few per container. */
const KEEP_FINISHED = 32;

/**
 * `docker exec`: each exec runs under its own native monitor (never a Node process), in the
 * container's namespaces via the OCI runtime's `exec`. Instances live in memory, as in Docker.
 */
export class ExecService {
  private readonly execs = new Map<string, ExecInstance>();

  constructor(private readonly ctx: ContainerContext) {}

  create(containerRef: string, config: ExecConfig): string {
    const rec = this.ctx.store.get(containerRef);
    if (rec.state.status === 'paused') throw conflict(`Container ${rec.id} is paused, unpause the container before exec`);
    if (rec.state.status !== 'running') throw conflict(`Container ${rec.id} is not running`);
    if (config.cmd.length === 0) throw invalidArgument('No exec command specified');
    try {
      parseDetachKeys(config.detachKeys);
    } catch (err) {
      throw invalidArgument((err as Error).message);
    }
    const id = newObjectId();
    this.execs.set(id, { id, containerId: rec.id, config, running: false, exitCode: null, pid: 0 });
    this.prune(rec.id);
    this.ctx.events.publish({ type: 'container', action: `exec_create: ${config.cmd.join(' ')}`, id: rec.id,
      attributes: eventAttributes(rec, { execID: id }) });
    return id;
  }

  get(id: string): ExecInstance {
    const e = this.execs.get(id);
    if (!e) throw notFound(`No such exec instance: ${id}`);
    return e;
  }

  idsFor(containerId: string): string[] {
    return [...this.execs.values()].filter((e) => e.containerId === containerId).map((e) => e.id);
  }

  /**
   * Starts the process. Detached (no client): resolves once it runs, rejects if it cannot start.
   * With a client (the hijacked exec start, whose HTTP answer is already out): resolves when its
   * streams end and the exit code is recorded; a failure is written to the client in-band, as
   * Docker does, and its exit code (126, or 127 for a missing executable) is recorded before the
   * client sees the end, since it asks for the exit code next.
   */
  async start(id: string, client?: Duplex): Promise<void> {
    const exec = this.get(id);
    try {
      await this.run(exec, client);
    } catch (err) {
      if (!client) throw err;
      if (exec.exitCode === null && !exec.running) exec.exitCode = 126;
      if (client.writable) client.write(frameOutput(Buffer.from(`${(err as Error).message}\r\n`), exec.config.tty));
    }
  }

  private async run(exec: ExecInstance, client: Duplex | undefined): Promise<void> {
    const id = exec.id;
    if (exec.running || exec.exitCode !== null) throw conflict(`Error: Exec command ${id} has already run`);
    const rec = this.ctx.store.get(exec.containerId);
    if (rec.state.status !== 'running') throw conflict(`Container ${rec.id} is not running`);
    exec.running = true;
    let recorded!: () => void;
    exec.done = new Promise<void>((resolve) => { recorded = resolve; });
    const dir = execDir(this.ctx, id);
    let bridged: Promise<void> | undefined;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(join(dir, 'process.json'), await this.processSpec(rec, exec.config));
      const argv = runtimeFor(this.ctx, rec).execArgv(rec.id, join(dir, 'process.json'), {
        pidFile: join(dir, 'pid'), ...(exec.config.tty ? { consoleSocket: join(dir, 'console.sock') } : {}),
      });
      const { pid } = await this.ctx.monitor.start({
        // As for containers: the client's EOF closes stdin only without a tty.
        dir, tty: exec.config.tty, stdin: exec.config.attachStdin && client !== undefined, stdinOnce: !exec.config.tty, argv,
        beforeGo: async () => {
          if (!client) return;
          const sock = await this.ctx.monitor.connectAttach(dir);
          // The bridge ends the client only once the exit code is recorded.
          bridged = bridgeAttach(sock, client, {
            stdin: exec.config.attachStdin, stdout: exec.config.attachStdout, stderr: exec.config.attachStderr,
            tty: exec.config.tty, detachKeys: parseDetachKeys(exec.config.detachKeys),
          }, { beforeEnd: () => exec.done ?? Promise.resolve() });
        },
      });
      exec.pid = pid;
    } catch (err) {
      exec.running = false;
      exec.exitCode = /executable file not found|no such file or directory/i.test(String(err)) ? 127 : 126;
      await rm(dir, { recursive: true, force: true });
      if (client?.writable) client.write(frameOutput(Buffer.from(`${(err as Error).message}\r\n`), exec.config.tty));
      recorded();
      if (!client) throw err;
      if (bridged) await bridged;
      return;
    }
    this.ctx.events.publish({ type: 'container', action: `exec_start: ${exec.config.cmd.join(' ')}`, id: rec.id,
      attributes: eventAttributes(rec, { execID: id }) });
    void this.ctx.monitor.watchExit(dir).then(async (code) => {
      exec.exitCode = code ?? 126;
      exec.running = false;
      await rm(dir, { recursive: true, force: true });
      this.ctx.events.publish({ type: 'container', action: 'exec_die', id: rec.id,
        attributes: eventAttributes(rec, { execID: id, exitCode: String(exec.exitCode) }) });
    }).catch((err) => this.ctx.onBackgroundError(`exit of exec ${id}`, err)).finally(recorded);
    if (bridged) await bridged;
  }

  async resize(id: string, rows: number, cols: number): Promise<void> {
    const exec = this.get(id);
    if (!exec.running) throw conflict(`Exec ${id} is not running`);
    await this.ctx.monitor.resize(execDir(this.ctx, id), rows, cols);
  }

  private async processSpec(rec: ContainerRecord, c: ExecConfig): Promise<string> {
    const user = c.user ? await this.ctx.specs.resolveUser(rec.rootfsPath, c.user, rec.host.groupAdd) : undefined;
    return this.ctx.specs.execProcess(rec, runDir(this.ctx, rec.id), {
      args: c.cmd, env: c.env, cwd: c.workingDir, tty: c.tty, privileged: c.privileged,
      ...(user ? { user } : {}), ...(c.consoleSize ? { consoleSize: c.consoleSize } : {}),
    });
  }

  /** Forgets finished instances beyond the most recent few of a container, and all of removed containers. */
  private prune(containerId: string): void {
    const finished = [...this.execs.values()].filter((e) => e.containerId === containerId && !e.running && e.exitCode !== null);
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.execs.delete(e.id);
    for (const e of this.execs.values()) if (!this.ctx.store.find(e.containerId)) this.execs.delete(e.id);
  }
}
