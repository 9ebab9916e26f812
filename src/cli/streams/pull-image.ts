import type { Writable } from 'node:stream';
import { consumeProgress } from '../../client/progress-stream.js';
import type { CliContext } from '../cli-context.js';
import { familiarName, parseReference } from '../views/image-reference.js';
import { showProgress } from './show-progress.js';

/**
 * Pulls `image` (adding `:latest` when it has neither tag nor digest, and saying
 * so when asked, as `docker pull` does), showing progress on `out` unless quiet. Resolves to the fully
 * qualified reference docker prints last (`docker.io/library/busybox:latest`).
 */
export async function pullImage(ctx: CliContext, image: string,
  opts: { quiet?: boolean; platform?: string; out: Writable; announceDefaultTag?: boolean }): Promise<string> {
  const ref = parseReference(image);
  if (ref.tag === undefined && ref.digest === undefined && !opts.quiet && opts.announceDefaultTag) opts.out.write('Using default tag: latest\n');
  const tag = ref.digest === undefined ? ref.tag ?? 'latest' : undefined;
  // Docker sends the fully qualified name (docker.io/library/busybox).
  const name = qualifiedName(ref.name);
  const from = ref.digest === undefined ? name : `${name}@${ref.digest}`;
  const body = await ctx.client.images.pull(from, { ...(tag ? { tag } : {}), ...(opts.platform ? { platform: opts.platform } : {}) });
  await consumeProgress(body, (msg) => {
    if (!opts.quiet) showProgress(msg, opts.out);
  });
  return `${name}${ref.digest ? `@${ref.digest}` : `:${tag}`}`;
}

/** `busybox` -> `docker.io/library/busybox`; names with a registry stay as they are. */
function qualifiedName(name: string): string {
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return name;
  const familiar = familiarName(name);
  return familiar.includes('/') ? `docker.io/${familiar}` : `docker.io/library/${familiar}`;
}
