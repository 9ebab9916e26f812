import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { ClientError } from '../../client/client-error.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { archiveLocalPath } from '../copy/archive-local-path.js';
import { extractArchive } from '../copy/extract-archive.js';
import { writeArchive } from '../output-file.js';
import { humanSize } from '../units/human-size.js';

/** Go's os.ModeDir, as the daemon reports it in path stats. */
const MODE_DIR = 2 ** 31;

export const containerCp: CommandSpec = {
  usage: `[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-
	berth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH`,
  description: `Copy files/folders between a container and the local filesystem

Use '-' as the source to read a tar archive from stdin
and extract it to a directory destination in a container.
Use '-' as the destination to stream a tar archive of a
container source to stdout.`,
  flags: [
    { long: 'archive', short: 'a', kind: 'bool', description: 'Archive mode (copy all uid/gid information)' },
    { long: 'follow-link', short: 'L', kind: 'bool', description: 'Always follow symbol link in SRC_PATH' },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached' },
  ],
  args: { exact: 2 },
  async run(ctx, args) {
    const [from, to] = args.positionals.map(splitCpArg) as [CpArg, CpArg];
    if (from.container === undefined && to.container === undefined) throw new CliError('must specify at least one container source');
    if (from.container !== undefined && to.container !== undefined) throw new CliError('copying between containers is not supported');
    if (from.path === '') throw new CliError('source path cannot be empty');
    if (to.path === '') throw new CliError('destination path cannot be empty');
    const opts = { archive: args.bool('archive'), followLink: args.bool('follow-link'), quiet: args.bool('quiet') };
    if (from.container !== undefined) await copyFromContainer(ctx, from.container, from.path, to.path, opts);
    else await copyToContainer(ctx, from.path, to.container!, to.path, opts);
  },
};

interface CpArg {
  container: string | undefined;
  path: string;
}

/** docker's splitCpArg: `name:path` names a container unless the argument is an absolute or ./ path. */
export function splitCpArg(arg: string): CpArg {
  if (arg.startsWith('/')) return { container: undefined, path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0 || arg.startsWith('.')) return { container: undefined, path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

interface CpOptions {
  archive: boolean;
  followLink: boolean;
  quiet: boolean;
}

async function copyFromContainer(ctx: CliContext, container: string, src: string, dest: string, opts: CpOptions): Promise<void> {
  const { body, stat: srcStat } = await ctx.client.containers.getArchive(container, src);
  if (dest === '-') {
    await writeArchive(ctx, body, undefined);
    return;
  }
  const srcIsDir = (srcStat.mode & MODE_DIR) !== 0;
  const destStat = await stat(dest).catch(() => undefined);
  let dir: string;
  let rename: { from: string; to: string } | undefined;
  if (destStat?.isDirectory()) {
    dir = dest;
    if (srcIsDir && /\/\.$/.test(src)) rename = { from: srcStat.name, to: '' };
  } else {
    if (destStat && srcIsDir) throw new CliError(`cannot copy a directory to the file ${dest}`);
    if (!destStat && dest.endsWith('/')) throw new CliError(`destination directory ${dest} does not exist`);
    dir = path.dirname(dest);
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new CliError(`destination directory ${dir} does not exist`);
    rename = { from: srcStat.name, to: path.basename(dest) };
  }
  const counted = countBytes();
  body.pipe(counted.stream);
  await extractArchive(counted.stream, dir, { ...(rename ? { rename } : {}), keepOwners: opts.archive });
  if (!opts.quiet && (ctx.stderr as { isTTY?: boolean }).isTTY) ctx.err(`Successfully copied ${humanSize(counted.bytes(), 3)} to ${dest}\n`);
}

async function copyToContainer(ctx: CliContext, src: string, container: string, dest: string, opts: CpOptions): Promise<void> {
  const containers = ctx.client.containers;
  const put = (dir: string, tar: Readable) => containers.putArchive(container, dir, tar, {
    noOverwriteDirNonDir: true, copyUIDGID: opts.archive,
  });
  if (src === '-') {
    await put(dest, ctx.stdin);
    return;
  }
  const srcStat = await (opts.followLink ? stat(src) : lstat(src)).catch(() => {
    throw new CliError(`lstat ${path.resolve(src)}: no such file or directory`);
  });
  let destStat;
  try {
    destStat = await containers.statPath(container, dest);
  } catch (err) {
    if (!ClientError.is(err, 'not_found')) throw err;
  }
  const destIsDir = destStat !== undefined && (destStat.mode & MODE_DIR) !== 0;
  let dir: string;
  let topName: string;
  if (destIsDir) {
    dir = dest;
    topName = /\/\.$/.test(src) && srcStat.isDirectory() ? '.' : path.basename(path.resolve(src));
  } else {
    if (destStat && srcStat.isDirectory()) throw new CliError(`cannot copy a directory to the file ${container}:${dest}`);
    dir = path.posix.dirname(dest);
    topName = path.posix.basename(dest);
  }
  const counted = countBytes();
  const writing = archiveLocalPath(src, topName, counted.stream, { followLink: opts.followLink });
  await Promise.all([writing, put(dir, counted.stream)]);
  if (!opts.quiet && (ctx.stderr as { isTTY?: boolean }).isTTY) ctx.err(`Successfully copied ${humanSize(counted.bytes(), 3)} to ${container}:${dest}\n`);
}

/** A pass-through that counts what flows through it, for docker's "Successfully copied" line. */
function countBytes(): { stream: Transform; bytes: () => number } {
  let total = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, bytes: () => total };
}
