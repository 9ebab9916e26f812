import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { confirm } from '../confirm.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { humanSize } from '../units/human-size.js';
import { pruneNetworks } from './network-prune.js';
import { pruneVolumes } from './volume-prune.js';

export const systemPrune: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Remove unused data',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Remove all unused images not just dangling ones' },
    filterFlag(undefined, 'Provide filter values (e.g. "label=<key>=<value>")'),
    { long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' },
    { long: 'volumes', kind: 'bool', description: 'Prune anonymous volumes' },
  ],
  args: { exact: 0 },
  /** docker's order: containers, networks, volumes, images, build cache; one confirmation for all. */
  async run(ctx, args) {
    const all = args.bool('all');
    const volumes = args.bool('volumes');
    const filters = filtersFrom(args.list('filter'));
    if (volumes && 'until' in filters) throw new CliError('ERROR: The "until" filter is not supported with "--volumes"');
    const warning = [
      'WARNING! This will remove:',
      '  - all stopped containers',
      '  - all networks not used by at least one container',
      ...(volumes ? ['  - all anonymous volumes not used by at least one container'] : []),
      all ? '  - all images without at least one container associated to them' : '  - all dangling images',
      all ? '  - all build cache' : '  - unused build cache',
      '',
      'Are you sure you want to continue?',
    ].join('\n');
    if (!args.bool('force') && !(await confirm(ctx, warning))) return 0;

    let reclaimed = 0;
    let text = '';
    const containers = await ctx.client.containers.prune({ filters });
    reclaimed += containers.SpaceReclaimed ?? 0;
    const ids = containers.ContainersDeleted ?? [];
    if (ids.length) text += `Deleted Containers:\n${ids.map((id) => `${id}\n`).join('')}\n`;
    text += await pruneNetworks(ctx, filters, true);
    if (volumes) {
      const v = await pruneVolumes(ctx, false, filters, true);
      if (v) { text += v.text; reclaimed += v.reclaimed; }
    }
    const images = await ctx.client.images.prune({ filters: { ...filters, dangling: [all ? 'false' : 'true'] } });
    reclaimed += images.SpaceReclaimed ?? 0;
    const deleted = images.ImagesDeleted ?? [];
    if (deleted.length) text += `Deleted Images:\n${deleted.map((d) => (d.Untagged ? `untagged: ${d.Untagged}\n` : `deleted: ${d.Deleted}\n`)).join('')}\n`;
    const cache = await ctx.client.system.buildPrune({ all, filters });
    reclaimed += cache.SpaceReclaimed ?? 0;
    const caches = cache.CachesDeleted ?? [];
    if (caches.length) text += `Deleted build cache objects:\n${caches.map((c) => `${c}\n`).join('')}\n`;
    ctx.out(`${text}Total reclaimed space: ${humanSize(reclaimed)}\n`);
  },
};
