import type { CommandSpec } from '../command-spec.js';
import { renderList } from '../format/list-format.js';
import { naturalCompare } from '../natural-less.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { formatFlag } from '../options/format-flag.js';
import { VOLUME_TABLE, volumeHeader, VolumeRow } from '../views/volume-row.js';

export const volumeLs: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'List volumes',
  flags: [
    filterFlag('f', "Provide filter values (e.g. \"dangling=true\")"),
    formatFlag('table'),
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only display volume names' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    const res = await ctx.client.volumes.list({ filters: filtersFrom(args.list('filter')) });
    for (const w of res.Warnings ?? []) ctx.err(`${w}\n`);
    const volumes = [...(res.Volumes ?? [])].sort((a, b) => naturalCompare(a.Name, b.Name));
    ctx.out(renderList(volumes.map((v) => new VolumeRow(v)), {
      format: args.value('format'), quiet: args.bool('quiet'), quietFormat: '{{.Name}}', header: volumeHeader, defaultTable: VOLUME_TABLE,
    }));
  },
};
