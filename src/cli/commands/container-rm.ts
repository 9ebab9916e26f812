import type { CommandSpec } from '../command-spec.js';
import { forEachTarget } from '../for-each-target.js';

export const containerRm: CommandSpec = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Remove one or more containers',
  flags: [
    { long: 'force', short: 'f', kind: 'bool', description: 'Force the removal of a running container (uses SIGKILL)' },
    { long: 'link', short: 'l', kind: 'bool', description: 'Remove the specified link' },
    { long: 'volumes', short: 'v', kind: 'bool', description: 'Remove anonymous volumes associated with the container' },
  ],
  args: { min: 1 },
  run: (ctx, args) => forEachTarget(ctx, args.positionals, async (id) => {
    // docker trims the leading slash of names copied from `ps` or inspect's .Name
    const target = id.replace(/^\/+/, '');
    if (target === '') throw new Error('Container name cannot be empty');
    await ctx.client.containers.remove(target, { force: args.bool('force'), volumes: args.bool('volumes'), link: args.bool('link') });
  }),
};
