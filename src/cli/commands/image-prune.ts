import type { CommandSpec } from '../command-spec.js';
import { confirm } from '../confirm.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { humanSize } from '../units/human-size.js';

export const imagePrune: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Remove unused images',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Remove all unused images, not just dangling ones' },
    filterFlag(undefined, 'Provide filter values (e.g. "until=<timestamp>")'),
    { long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    const all = args.bool('all');
    const warning = all
      ? 'WARNING! This will remove all images without at least one container associated to them.'
      : 'WARNING! This will remove all dangling images.';
    if (!args.bool('force') && !(await confirm(ctx, `${warning}\nAre you sure you want to continue?`))) return 0;
    const filters = { ...filtersFrom(args.list('filter')), dangling: [all ? 'false' : 'true'] };
    const report = await ctx.client.images.prune({ filters });
    const deleted = report.ImagesDeleted ?? [];
    if (deleted.length > 0) {
      const lines = deleted.map((d) => (d.Untagged ? `untagged: ${d.Untagged}\n` : `deleted: ${d.Deleted}\n`));
      ctx.out(`Deleted Images:\n${lines.join('')}\n`);
    }
    ctx.out(`Total reclaimed space: ${humanSize(report.SpaceReclaimed ?? 0)}\n`);
  },
};
