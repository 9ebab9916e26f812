import type { CommandSpec } from '../command-spec.js';
import { renderList } from '../format/list-format.js';
import { naturalCompare } from '../natural-less.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { formatFlag } from '../options/format-flag.js';
import { NETWORK_TABLE, networkHeader, NetworkRow } from '../views/network-row.js';

export const networkLs: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'List networks',
  flags: [
    filterFlag('f', 'Provide filter values (e.g. "driver=bridge")'),
    formatFlag('table'),
    { long: 'no-trunc', kind: 'bool', description: 'Do not truncate the output' },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only display network IDs' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    const networks = (await ctx.client.networks.list({ filters: filtersFrom(args.list('filter')) })).sort((a, b) => naturalCompare(a.Name, b.Name));
    const trunc = !args.bool('no-trunc');
    ctx.out(renderList(networks.map((n) => new NetworkRow(n, trunc)), {
      format: args.value('format'), quiet: args.bool('quiet'), header: networkHeader, defaultTable: NETWORK_TABLE,
    }));
  },
};
