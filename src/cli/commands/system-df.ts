import type { CommandSpec } from '../command-spec.js';
import { renderList } from '../format/list-format.js';
import { formatFlag } from '../options/format-flag.js';
import { DISK_USAGE_TABLE, diskUsageHeader, diskUsageRows, renderVerboseDiskUsage } from '../views/disk-usage-view.js';

export const systemDf: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Show docker disk usage',
  flags: [
    formatFlag('table'),
    { long: 'verbose', short: 'v', kind: 'bool', description: 'Show detailed information on space usage' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    const du = await ctx.client.system.diskUsage();
    const format = args.value('format');
    if (args.bool('verbose')) {
      ctx.out(renderVerboseDiskUsage(du, format === 'json'));
      return;
    }
    ctx.out(renderList(diskUsageRows(du), { format, header: diskUsageHeader, defaultTable: DISK_USAGE_TABLE }));
  },
};
