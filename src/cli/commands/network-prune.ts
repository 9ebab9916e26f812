import type { CliContext } from '../cli-context.js';
import type { CommandSpec } from '../command-spec.js';
import { confirm } from '../confirm.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';

export const networkPrune: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Remove all unused networks',
  flags: [
    filterFlag(undefined, 'Provide filter values (e.g. "until=<timestamp>")'),
    { long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    const text = await pruneNetworks(ctx, filtersFrom(args.list('filter')), args.bool('force'));
    if (text) ctx.out(text);
  },
};

/** docker's network.RunPrune, shared with `system prune`: the report, '' when nothing went or the user declined. */
export async function pruneNetworks(ctx: CliContext, filters: Record<string, string[]>, force: boolean): Promise<string> {
  const warning = 'WARNING! This will remove all custom networks not used by at least one container.';
  if (!force && !(await confirm(ctx, `${warning}\nAre you sure you want to continue?`))) return '';
  const deleted = (await ctx.client.networks.prune({ filters })).NetworksDeleted ?? [];
  return deleted.length ? `Deleted Networks:\n${deleted.map((n) => `${n}\n`).join('')}\n` : '';
}
