import { createWriteStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';

/**
 * Streams an archive to `-o FILE` or to stdout; like docker, refuses to spray
 * binary data on a terminal.
 */
export async function writeArchive(ctx: CliContext, body: Readable, outputFile: string | undefined): Promise<void> {
  if (outputFile) {
    await pipeline(body, createWriteStream(outputFile));
    return;
  }
  if (ctx.stdout.isTTY) {
    body.destroy();
    throw new CliError(`cowardly refusing to save to a terminal. Use the -o flag or redirect`);
  }
  await pipeline(body, ctx.stdout as Writable, { end: false });
}
