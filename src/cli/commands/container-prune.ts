import type { CommandSpec } from '../command-spec.js';
import { confirm } from '../confirm.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { humanSize } from '../units/human-size.js';

export const containerPrune: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Remove all stopped containers',
  flags: [
    filterFlag(undefined, 'Provide filter values (e.g. "until=<timestamp>")'),
    { long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    if (!args.bool('force') && !(await confirm(ctx, 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue?'))) return 0;
    const report = await ctx.client.containers.prune({ filters: filtersFrom(args.list('filter')) });
    const deleted = report.ContainersDeleted ?? [];
    if (deleted.length > 0) ctx.out(`Deleted Containers:\n${deleted.map((id) => `${id}\n`).join('')}\n`);
    ctx.out(`Total reclaimed space: ${humanSize(report.SpaceReclaimed ?? 0)}\n`);
  },
};
