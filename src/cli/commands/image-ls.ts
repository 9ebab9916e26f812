import type { CommandSpec } from '../command-spec.js';
import { renderList } from '../format/list-format.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { formatFlag } from '../options/format-flag.js';
import { IMAGE_TABLE, IMAGE_TABLE_DIGESTS, imageHeader, imageRows } from '../views/image-row.js';

export const imageLs: CommandSpec = {
  usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  description: 'List images',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Show all images (default hides intermediate images)' },
    { long: 'digests', kind: 'bool', description: 'Show digests' },
    filterFlag('f'),
    formatFlag('table'),
    { long: 'no-trunc', kind: 'bool', description: "Don't truncate output" },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only show image IDs' },
  ],
  args: { max: 1 },
  async run(ctx, args) {
    const filters = filtersFrom(args.list('filter'));
    const reference = args.positionals[0];
    if (reference) (filters['reference'] ??= []).push(reference);
    const format = args.value('format');
    const quiet = args.bool('quiet');
    if (quiet && format) ctx.err('WARNING: Ignoring custom format, because both --format and --quiet are set.\n');
    const images = await ctx.client.images.list({ all: args.bool('all'), filters });
    const digests = args.bool('digests') || (format ?? '').includes('{{.Digest}}');
    const rows = imageRows(images, { digests, trunc: !args.bool('no-trunc') });
    ctx.out(renderList(rows, { format, quiet, header: imageHeader, defaultTable: args.bool('digests') ? IMAGE_TABLE_DIGESTS : IMAGE_TABLE }));
  },
};
