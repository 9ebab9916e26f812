import { parseGoInt } from '../args/go-strconv.js';
import type { CommandSpec } from '../command-spec.js';
import { renderList } from '../format/list-format.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { formatFlag } from '../options/format-flag.js';
import { CONTAINER_TABLE, containerHeader, ContainerRow } from '../views/container-row.js';

export const containerLs: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'List containers',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Show all containers (default shows just running)' },
    filterFlag('f'),
    formatFlag('table'),
    { long: 'last', short: 'n', kind: 'value', type: 'int', parse: parseGoInt, description: 'Show n last created containers (includes all states)', defaultText: '-1' },
    { long: 'latest', short: 'l', kind: 'bool', description: 'Show the latest created container (includes all states)' },
    { long: 'no-trunc', kind: 'bool', description: "Don't truncate output" },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only display container IDs' },
    { long: 'size', short: 's', kind: 'bool', description: 'Display total file sizes' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    const format = args.value('format');
    const quiet = args.bool('quiet');
    if (quiet && args.value('format')) ctx.err('WARNING: Ignoring custom format, because both --format and --quiet are set.\n');
    const last = args.value<number>('last') ?? -1;
    const limit = args.bool('latest') ? 1 : last;
    // A custom format that shows sizes needs them computed (docker does the same).
    const size = args.bool('size') || (!quiet && (format ?? '').includes('.Size'));
    const list = await ctx.client.containers.list({
      all: args.bool('all'), ...(limit > 0 ? { limit } : {}), size, filters: filtersFrom(args.list('filter')),
    });
    const now = Date.now();
    const rows = list.map((c) => new ContainerRow(c, !args.bool('no-trunc'), now));
    ctx.out(renderList(rows, {
      format, quiet, header: containerHeader,
      defaultTable: args.bool('size') ? `${CONTAINER_TABLE}\t{{.Size}}` : CONTAINER_TABLE,
    }));
  },
};
