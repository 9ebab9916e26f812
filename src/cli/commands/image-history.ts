import type { CommandSpec } from '../command-spec.js';
import { renderList } from '../format/list-format.js';
import { formatFlag } from '../options/format-flag.js';
import { HISTORY_TABLE, HISTORY_TABLE_RAW, historyHeader, HistoryRow } from '../views/history-row.js';

export const imageHistory: CommandSpec = {
  usage: '[OPTIONS] IMAGE',
  description: 'Show the history of an image',
  flags: [
    formatFlag('table'),
    { long: 'human', short: 'H', kind: 'bool', description: 'Print sizes and dates in human readable format', defaultText: 'true' },
    { long: 'no-trunc', kind: 'bool', description: "Don't truncate output" },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only show image IDs' },
  ],
  args: { exact: 1 },
  async run(ctx, args) {
    const human = args.bool('human', true);
    const items = await ctx.client.images.history(args.positionals[0]!);
    const now = Date.now();
    const rows = items.map((h) => new HistoryRow(h, !args.bool('no-trunc'), human, now));
    ctx.out(renderList(rows, {
      format: args.value('format'), quiet: args.bool('quiet'), header: historyHeader,
      defaultTable: human ? HISTORY_TABLE : HISTORY_TABLE_RAW,
    }));
  },
};
