import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { confirm } from '../confirm.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { humanSize } from '../units/human-size.js';

export const volumePrune: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Remove unused local volumes',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Remove all unused volumes, not just anonymous ones' },
    filterFlag(undefined, 'Provide filter values (e.g. "label=<label>")'),
    { long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    const report = await pruneVolumes(ctx, args.bool('all'), filtersFrom(args.list('filter')), args.bool('force'));
    if (report) ctx.out(`${report.text}Total reclaimed space: ${humanSize(report.reclaimed)}\n`);
  },
};

/** docker's volume.RunPrune, shared with `system prune`: undefined when the user declined. */
export async function pruneVolumes(ctx: Parameters<CommandSpec['run']>[0], all: boolean, filters: Record<string, string[]>, force: boolean):
  Promise<{ text: string; reclaimed: number } | undefined> {
  if ('all' in filters && all) throw new CliError('conflicting options: cannot specify both --all and --filter all=1');
  const warning = all
    ? 'WARNING! This will remove all local volumes not used by at least one container.'
    : 'WARNING! This will remove anonymous local volumes not used by at least one container.';
  if (!force && !(await confirm(ctx, `${warning}\nAre you sure you want to continue?`))) return undefined;
  const res = await ctx.client.volumes.prune({ filters: all ? { ...filters, all: ['true'] } : filters });
  const deleted = res.VolumesDeleted ?? [];
  return { text: deleted.length ? `Deleted Volumes:\n${deleted.map((v) => `${v}\n`).join('')}\n` : '', reclaimed: res.SpaceReclaimed ?? 0 };
}
