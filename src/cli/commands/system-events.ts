import type { EventMessage } from '../../client/types/system-types.js';
import type { CommandSpec } from '../command-spec.js';
import { GoTemplate } from '../format/go-template.js';
import { filterFlag, filtersFrom } from '../options/filter-flag.js';
import { formatFlag } from '../options/format-flag.js';
import { apiTimestamp } from '../units/api-timestamp.js';
import { rfc3339NanoFixed } from '../units/go-time.js';

export const systemEvents: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Get real time events from the server',
  flags: [
    filterFlag('f'),
    formatFlag('plain'),
    { long: 'since', kind: 'value', parse: (v) => apiTimestamp(v), description: 'Show all events created since timestamp' },
    { long: 'until', kind: 'value', parse: (v) => apiTimestamp(v), description: 'Stream events until this timestamp' },
  ],
  args: { exact: 0 },
  async run(ctx, args) {
    const format = args.value('format');
    const template = format ? GoTemplate.parse(format === 'json' ? '{{json .}}' : format) : undefined;
    const since = args.value('since');
    const until = args.value('until');
    const events = ctx.client.system.events({ filters: filtersFrom(args.list('filter')), ...(since ? { since } : {}), ...(until ? { until } : {}) });
    for await (const event of events) {
      if (!template) ctx.out(eventLine(event));
      // timeNano is held as a string (it exceeds 2^53); JSON output gives it back its number form.
      else if (format === 'json') ctx.out(`${template.execute(event).replace(/"timeNano":"(\d+)"/, '"timeNano":$1')}\n`);
      else ctx.out(`${template.execute(event)}\n`);
    }
  },
};

/** docker's default event line: `<time> <type> <action> <id> (k=v, ...)`. */
export function eventLine(e: EventMessage): string {
  let line = '';
  if (e.timeNano && e.timeNano !== '0') line += `${rfc3339NanoFixed(BigInt(e.timeNano))} `;
  else if (e.time) line += `${rfc3339NanoFixed(BigInt(e.time) * 1_000_000_000n)} `;
  line += `${e.Type} ${e.Action} ${e.Actor?.ID ?? ''}`;
  const attrs = Object.entries(e.Actor?.Attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (attrs.length > 0) line += ` (${attrs.map(([k, v]) => `${k}=${v}`).join(', ')})`;
  return `${line}\n`;
}
