import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { consumeProgress } from '../../client/progress-stream.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { showProgress } from '../streams/show-progress.js';
import { parseReference } from '../views/image-reference.js';

export const imageImport: CommandSpec = {
  usage: '[OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  description: 'Import the contents from a tarball to create a filesystem image',
  flags: [
    { long: 'change', short: 'c', kind: 'list', description: 'Apply Dockerfile instruction to the created image' },
    { long: 'message', short: 'm', kind: 'value', description: 'Set commit message for imported image' },
    { long: 'platform', kind: 'value', description: 'Set platform if server is multi-platform capable' },
  ],
  args: { min: 1, max: 2 },
  async run(ctx, args) {
    const [source = '', reference] = args.positionals;
    const ref = reference ? parseReference(reference) : undefined;
    if (ref?.digest !== undefined) throw new CliError('invalid reference: digests are not allowed when importing');
    let tar: Readable;
    if (source === '-') {
      tar = ctx.stdin;
    } else if (/^https?:\/\//.test(source)) {
      throw new CliError('berth import reads a file or stdin; importing from a URL is not supported');
    } else {
      await access(source).catch(() => {
        throw new CliError(`open ${source}: no such file or directory`);
      });
      tar = createReadStream(source);
    }
    const message = args.value('message');
    const platform = args.value('platform');
    const body = await ctx.client.images.import(tar, {
      ...(ref ? { repo: ref.name, ...(ref.tag ? { tag: ref.tag } : {}) } : {}),
      ...(message ? { message } : {}), ...(platform ? { platform } : {}),
      changes: args.list('change'),
    });
    await consumeProgress(body, (msg) => showProgress(msg, ctx.stdout));
  },
};
