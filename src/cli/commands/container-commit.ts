import type { CommandSpec } from '../command-spec.js';
import { parseReference } from '../views/image-reference.js';

export const containerCommit: CommandSpec = {
  usage: '[OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  description: "Create a new image from a container's changes",
  flags: [
    { long: 'author', short: 'a', kind: 'value', description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { long: 'change', short: 'c', kind: 'list', description: 'Apply Dockerfile instruction to the created image' },
    { long: 'message', short: 'm', kind: 'value', description: 'Commit message' },
    { long: 'pause', short: 'p', kind: 'bool', description: 'Pause container during commit', defaultText: 'true' },
  ],
  args: { min: 1, max: 2 },
  async run(ctx, args) {
    const [container = '', reference] = args.positionals;
    const ref = reference ? parseReference(reference) : undefined;
    const author = args.value('author');
    const message = args.value('message');
    const res = await ctx.client.containers.commit(container, {
      ...(ref ? { repo: ref.name, tag: ref.tag ?? 'latest' } : {}),
      ...(author ? { author } : {}),
      ...(message ? { comment: message } : {}),
      changes: args.list('change'),
      pause: args.bool('pause', true),
    });
    ctx.out(`${res.Id}\n`);
  },
};
