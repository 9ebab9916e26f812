import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const APPLETS = ['sh', 'echo', 'cat', 'sleep', 'true', 'false', 'tty', 'stty', 'head', 'printf', 'seq', 'ls'];

/**
 * Test support: a busybox rootfs, one OCI bundle per container and a private crun
 * state root, all in a temp directory. Needs root, crun and /usr/bin/busybox.
 */
export class BusyboxFixture {
  private constructor(
    readonly root: string,
    private readonly template: Record<string, any>,
  ) {}

  /** Container ids name cgroups too, so they must not collide with other test runs. */
  private readonly prefix = `bm${process.pid}-`;

  static async create(): Promise<BusyboxFixture> {
    const root = await mkdtemp(join(tmpdir(), 'bm-'));
    const rootfs = join(root, 'rootfs');
    await mkdir(join(rootfs, 'bin'), { recursive: true });
    await copyFile('/usr/bin/busybox', join(rootfs, 'bin/busybox'));
    await Promise.all(APPLETS.map((a) => symlink('busybox', join(rootfs, 'bin', a))));
    await writeFile(join(rootfs, 'bin/not-executable'), '#!/bin/sh\n', { mode: 0o644 });
    await mkdir(join(root, 'spec'));
    await run('crun', ['spec'], { cwd: join(root, 'spec') });
    const template = JSON.parse(await readFile(join(root, 'spec/config.json'), 'utf8'));
    template.root = { path: rootfs, readonly: true };
    return new BusyboxFixture(root, template);
  }

  get runtimeRoot(): string {
    return join(this.root, 'state');
  }

  /** Writes a bundle and makes the monitor directory; returns the runtime argv for `run`. */
  async prepare(name: string, args: string[], opts: { tty?: boolean } = {}): Promise<{ id: string; dir: string; argv: string[] }> {
    const id = this.prefix + name;
    const bundle = join(this.root, 'bundles', name);
    const dir = join(this.root, 'c', name);
    await mkdir(bundle, { recursive: true });
    await mkdir(dir, { recursive: true });
    const spec = structuredClone(this.template);
    spec.process.args = args;
    spec.process.terminal = opts.tty ?? false;
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    const argv = ['crun', '--root', this.runtimeRoot, 'run', '--detach', '--pid-file', join(dir, 'pid')];
    if (opts.tty) argv.push('--console-socket', join(dir, 'console.sock'));
    argv.push('--bundle', bundle, id);
    return { id, dir, argv };
  }

  /** Writes a process.json for an exec into running container `id`; returns the runtime argv for `exec`. */
  async prepareExec(id: string, name: string, args: string[], opts: { tty?: boolean } = {}): Promise<{ dir: string; argv: string[] }> {
    const dir = join(this.root, 'c', name);
    await mkdir(dir, { recursive: true });
    const proc = { ...structuredClone(this.template.process), args, terminal: opts.tty ?? false };
    await writeFile(join(dir, 'process.json'), JSON.stringify(proc));
    const argv = ['crun', '--root', this.runtimeRoot, 'exec', '--detach', '--pid-file', join(dir, 'pid')];
    if (opts.tty) argv.push('--console-socket', join(dir, 'console.sock'));
    argv.push('--process', join(dir, 'process.json'), id);
    return { dir, argv };
  }

  async crun(...args: string[]): Promise<string> {
    return (await run('crun', ['--root', this.runtimeRoot, ...args])).stdout;
  }

  /** Deletes every container in the private state root, then the temp directory. */
  async dispose(): Promise<void> {
    const ids = await this.crun('list', '-q').catch(() => '');
    for (const id of ids.split('\n').filter(Boolean)) await this.crun('delete', '-f', id).catch(() => {});
    await rm(this.root, { recursive: true, force: true });
  }
}
