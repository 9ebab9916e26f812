import type { CommandSpec } from '../command-spec.js';
import { copyOutput } from '../streams/copy-output.js';
import { apiTimestamp } from '../units/api-timestamp.js';

export const containerLogs: CommandSpec = {
  usage: '[OPTIONS] CONTAINER',
  description: 'Fetch the logs of a container',
  flags: [
    { long: 'details', kind: 'bool', description: 'Show extra details provided to logs' },
    { long: 'follow', short: 'f', kind: 'bool', description: 'Follow log output' },
    { long: 'since', kind: 'value', parse: (v) => apiTimestamp(v), description: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    { long: 'tail', short: 'n', kind: 'value', description: 'Number of lines to show from the end of the logs', defaultText: '"all"' },
    { long: 'timestamps', short: 't', kind: 'bool', description: 'Show timestamps' },
    { long: 'until', kind: 'value', parse: (v) => apiTimestamp(v), description: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
  ],
  args: { exact: 1 },
  async run(ctx, args) {
    const id = args.positionals[0]!;
    const since = args.value('since');
    const until = args.value('until');
    const { body, multiplexed } = await ctx.client.containers.logs(id, {
      follow: args.bool('follow'), timestamps: args.bool('timestamps'), details: args.bool('details'),
      tail: args.value('tail') ?? 'all', ...(since ? { since } : {}), ...(until ? { until } : {}),
    });
    // Older daemons don't label the stream; a tty container's log is raw.
    const mux = multiplexed ?? !(await ctx.client.containers.inspect(id)).Config.Tty;
    await copyOutput(body, mux, ctx.stdout, ctx.stderr);
  },
};
