import type { CommandSpec } from '../command-spec.js';

export const networkDisconnect: CommandSpec = {
  usage: '[OPTIONS] NETWORK CONTAINER',
  description: 'Disconnect a container from a network',
  flags: [{ long: 'force', short: 'f', kind: 'bool', description: 'Force the container to disconnect from a network' }],
  args: { exact: 2 },
  async run(ctx, args) {
    const [network = '', container = ''] = args.positionals;
    await ctx.client.networks.disconnect(network, container, { force: args.bool('force') });
  },
};
