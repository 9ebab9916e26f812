import { ClientError } from '../../client/client-error.js';
import type { CommandSpec } from '../command-spec.js';
import { CliError } from '../cli-error.js';
import { confirm } from '../confirm.js';
import { errorText } from '../error-text.js';

const INGRESS_WARNING = 'WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. '
  + 'Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\nAre you sure you want to continue?';

export const networkRm: CommandSpec = {
  usage: '[OPTIONS] NETWORK [NETWORK...]',
  description: 'Remove one or more networks',
  flags: [{ long: 'force', short: 'f', kind: 'bool', description: 'Do not error if the network does not exist' }],
  args: { min: 1 },
  async run(ctx, args) {
    const force = args.bool('force');
    const errors: string[] = [];
    // One at a time, as docker does; with --force a network that is not there is no error.
    for (const name of args.positionals) {
      try {
        // Looked up first, as docker does, to warn before removing a swarm ingress network.
        const nw = await ctx.client.networks.inspect(name).catch(() => undefined);
        if (nw?.Ingress && !force && !(await confirm(ctx, INGRESS_WARNING))) continue;
        await ctx.client.networks.remove(name);
        ctx.out(`${name}\n`);
      } catch (err) {
        if (force && err instanceof ClientError && err.status === 404) continue;
        errors.push(errorText(err));
      }
    }
    // docker's network rm ends its error list with this line.
    if (errors.length > 0) throw new CliError(`${errors.join('\n')}\nexit status 1`);
    return 0;
  },
};
