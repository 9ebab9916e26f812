import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmdirSync, rmSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDaemonArgs } from '../../src/daemon/daemon-config.js';

/** The repository root (this file runs from dist/test/harness/). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const DOCKER = process.env.DOCKER_CLI ?? '/usr/local/bin/docker';
export const BERTH = join(REPO_ROOT, 'bin/berth');

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A real berthd with its own temporary data root, exec root and socket, for one test file.
 * Use `await using d = await BerthDaemon.start()`; disposal stops it and removes everything.
 */
export class BerthDaemon implements AsyncDisposable {
  private proc: ChildProcess | undefined;
  private logs = '';

  private constructor(readonly base: string, readonly extraArgs: string[]) {}

  get dataRoot(): string { return join(this.base, 'data'); }
  get execRoot(): string { return join(this.base, 'exec'); }
  get socket(): string { return join(this.base, 'berth.sock'); }
  get host(): string { return `unix://${this.socket}`; }
  get output(): string { return this.logs; }

  static async start(opts: { args?: string[]; base?: string } = {}): Promise<BerthDaemon> {
    const base = opts.base ?? mkdtempSync('/var/tmp/berth-test-');
    const d = new BerthDaemon(base, opts.args ?? []);
    await d.boot();
    return d;
  }

  /** Starts (or restarts) the daemon process on the same roots and waits for its socket. */
  async boot(): Promise<void> {
    this.proc = spawn(process.execPath, [join(REPO_ROOT, 'bin/berthd'), '--data-root', this.dataRoot, '--exec-root', this.execRoot,
      '-H', this.host, ...this.extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    const append = (b: Buffer) => { this.logs += b.toString(); };
    this.proc.stdout!.on('data', append);
    this.proc.stderr!.on('data', append);
    const exited = new Promise<number | null>((r) => this.proc!.once('exit', (code) => r(code)));
    for (let i = 0; i < 200; i++) {
      if (existsSync(this.socket) && (await this.ping())) return;
      const code = await Promise.race([exited, sleep(25).then(() => undefined)]);
      if (code !== undefined) throw new Error(`berthd exited with ${code} during start-up:\n${this.logs}`);
    }
    throw new Error(`berthd did not answer on ${this.socket}:\n${this.logs}`);
  }

  private ping(): Promise<boolean> {
    return this.api('GET', '/_ping').then((r) => r.status === 200, () => false);
  }

  /** SIGKILL, as a crash would: no shutdown code runs. */
  async crash(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000, undefined, { ref: false }).then(() => p.kill('SIGKILL'))]);
  }

  /** One HTTP request to the daemon; the body is parsed as JSON when it looks like JSON. */
  api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; text: string; headers: Record<string, string | string[] | undefined> }> {
    return new Promise((resolvePromise, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const req = request({ socketPath: this.socket, method, path, headers: { ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
          resolvePromise({ status: res.statusCode ?? 0, body: parsed, text, headers: res.headers });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Runs the stock docker CLI (or `berth`) against this daemon. */
  docker(args: string[], opts: { input?: string | Buffer; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CommandResult> {
    return runCommand(DOCKER, args, { ...opts, env: { DOCKER_HOST: this.host, ...opts.env } });
  }

  berth(args: string[], opts: { input?: string | Buffer; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CommandResult> {
    return runCommand(process.execPath, [BERTH, ...args], { ...opts, env: { DOCKER_HOST: this.host, ...opts.env } });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    // A test that failed while the daemon was down (a crash test) leaves it down: bring it back,
    // so its containers, bridges and rules can be removed instead of outliving the test run.
    if (this.proc && (this.proc.exitCode !== null || this.proc.signalCode !== null)) await this.boot().catch(() => undefined);
    // Remove containers first so their mounts and monitors go away, then the daemon and its roots.
    await this.docker(['rm', '-f', ...(await this.docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean)]).catch(() => undefined);
    await this.stop();
    await runCommand('sh', ['-c', `grep -o " ${this.base}[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l`], {});
    rmSync(this.base, { recursive: true, force: true });
    // The daemon's parent cgroup (one per data root) outlives it; empty now, it would pile up run after run.
    const parent = parseDaemonArgs(['--data-root', this.dataRoot]);
    if (parent !== 'help') {
      for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
        try { rmdirSync(join('/sys/fs/cgroup', hierarchy, parent.cgroupParent)); } catch { /* absent, or not a hierarchy */ }
      }
    }
  }
}

export function runCommand(cmd: string, args: string[], opts: { input?: string | Buffer; timeoutMs?: number; env?: Record<string, string> }): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input);
  });
}
