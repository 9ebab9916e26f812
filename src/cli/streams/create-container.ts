import { existsSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { ClientError } from '../../client/client-error.js';
import type { CliContext } from '../cli-context.js';
import type { ContainerOptions } from '../options/container-request.js';

/**
 * Docker's create step for `create` and `run`: pull first with `--pull always`;
 * on "not found" with `--pull missing` (the default) say "Unable to find image
 * ... locally", pull, and create again. Warnings go to stderr; the id is written
 * to `--cidfile` if asked. Pull progress goes to `pullOut`.
 */
export async function createContainer(ctx: CliContext, opts: ContainerOptions, pullOut: Writable): Promise<string> {
  if (opts.cidfile && existsSync(opts.cidfile)) {
    throw new Error(`container ID file found, make sure the other container isn't running or delete ${opts.cidfile}`);
  }
  const image = opts.body.Image ?? '';
  const pullable = !/^(sha256:)?[0-9a-f]{64}$/.test(image);
  // The pull machinery loads only when a pull happens, keeping `run` of a local image lean.
  const pull = async () => {
    const { pullImage } = await import('./pull-image.js');
    await pullImage(ctx, image, { quiet: opts.quiet, out: pullOut, ...(opts.platform ? { platform: opts.platform } : {}) });
  };
  if (opts.pull === 'always' && pullable) await pull();
  const query = { ...(opts.name ? { name: opts.name } : {}), ...(opts.platform ? { platform: opts.platform } : {}) };
  let created;
  try {
    created = await ctx.client.containers.create(opts.body, query);
  } catch (err) {
    if (!(ClientError.is(err, 'not_found') && opts.pull === 'missing' && pullable)) throw err;
    const { withDefaultTag } = await import('../views/image-reference.js');
    if (!opts.quiet) ctx.err(`Unable to find image '${withDefaultTag(image)}' locally\n`);
    await pull();
    created = await ctx.client.containers.create(opts.body, query);
  }
  for (const warning of created.Warnings ?? []) ctx.err(`WARNING: ${warning}\n`);
  if (opts.cidfile) writeFileSync(opts.cidfile, created.Id);
  return created.Id;
}
