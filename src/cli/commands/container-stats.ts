import { readJsonLines } from '../../client/json-lines.js';
import { readText } from '../../client/read-text.js';
import type { ContainerStats } from '../../client/types/container-types.js';
import type { CommandSpec } from '../command-spec.js';
import { renderList } from '../format/list-format.js';
import { formatFlag } from '../options/format-flag.js';
import { STATS_TABLE, statsFigures, statsHeader, StatsRow } from '../views/stats-row.js';

export const containerStats: CommandSpec = {
  usage: '[OPTIONS] [CONTAINER...]',
  description: 'Display a live stream of container(s) resource usage statistics',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Show all containers (default shows just running)' },
    formatFlag('table'),
    { long: 'no-stream', kind: 'bool', description: 'Disable streaming stats and only pull the first result' },
    { long: 'no-trunc', kind: 'bool', description: 'Do not truncate output' },
  ],
  async run(ctx, args) {
    const client = ctx.client.containers;
    const targets = args.positionals.length > 0
      ? args.positionals.map((t) => ({ given: t, id: t }))
      : (await client.list({ all: args.bool('all') })).map((c) => ({ given: c.Id.slice(0, 12), id: c.Id }));
    const trunc = !args.bool('no-trunc');
    const render = (samples: Map<string, ContainerStats>) => renderList(
      targets.flatMap((t) => {
        const s = samples.get(t.id);
        return s ? [new StatsRow(t.given, s.id ?? t.id, s.name ?? '', statsFigures(s), trunc)] : [];
      }),
      { format: args.value('format'), defaultTable: STATS_TABLE, header: statsHeader },
    );

    if (args.bool('no-stream')) {
      const samples = new Map<string, ContainerStats>();
      await Promise.all(targets.map(async (t) => {
        const body = await client.stats(t.id, { stream: false });
        samples.set(t.id, JSON.parse(await readText(body)) as ContainerStats);
      }));
      ctx.out(render(samples));
      return;
    }
    // Live: one stream per container, the screen redrawn every second like docker's.
    const samples = new Map<string, ContainerStats>();
    const readers = targets.map(async (t) => {
      const body = await client.stats(t.id, { stream: true });
      for await (const s of readJsonLines<ContainerStats>(body)) samples.set(t.id, s);
    });
    const timer = setInterval(() => {
      ctx.out(`${ctx.stdout.isTTY ? '\x1b[2J\x1b[H' : ''}${render(samples)}`);
    }, 1000);
    try {
      await Promise.all(readers);
    } finally {
      clearInterval(timer);
    }
  },
};
