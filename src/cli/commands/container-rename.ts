import type { CommandSpec } from '../command-spec.js';
import { CliError } from '../cli-error.js';
import { errorText } from '../error-text.js';

export const containerRename: CommandSpec = {
  usage: 'CONTAINER NEW_NAME',
  description: 'Rename a container',
  flags: [],
  args: { exact: 2 },
  async run(ctx, args) {
    const [oldName = '', newName = ''] = args.positionals.map((a) => a.trim());
    if (oldName === '' || newName === '') throw new CliError('Error: Neither old nor new names may be empty');
    try {
      await ctx.client.containers.rename(oldName, newName);
    } catch (err) {
      // docker reports the daemon's reason, then its own summary.
      ctx.err(`${errorText(err)}\n`);
      throw new CliError(`Error: failed to rename container named ${oldName}`);
    }
  },
};
