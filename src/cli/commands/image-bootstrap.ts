import { PassThrough } from 'node:stream';
import { consumeProgress } from '../../client/progress-stream.js';
import { busyboxProblem, writeBusyboxRootfs } from '../bootstrap/busybox-rootfs.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { showProgress } from '../streams/show-progress.js';
import { parseReference } from '../views/image-reference.js';

const CHANGES = ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'CMD ["sh"]'];

export const imageBootstrap: CommandSpec = {
  usage: '[OPTIONS] busybox',
  description: "Create the busybox image from the host's busybox-static, without a registry",
  flags: [{ long: 'tag', short: 't', kind: 'value', description: 'Name and tag of the image', defaultText: '"busybox:latest"' }],
  args: { exact: 1 },
  async run(ctx, args) {
    if (args.positionals[0] !== 'busybox') throw new CliError(`berth image bootstrap: unknown image "${args.positionals[0]}" (only "busybox" can be bootstrapped)`);
    const problem = busyboxProblem();
    if (problem) throw new CliError(`berth: ${problem}`);
    const ref = parseReference(args.value('tag') ?? 'busybox:latest');
    const tar = new PassThrough();
    const writing = writeBusyboxRootfs(tar).catch((err: unknown) => {
      tar.destroy(err as Error);
      throw err;
    });
    const body = await ctx.client.images.import(tar, { repo: ref.name, tag: ref.tag ?? 'latest', changes: CHANGES, message: 'bootstrapped from the host busybox' });
    await Promise.all([writing, consumeProgress(body, (msg) => showProgress(msg, ctx.stdout))]);
  },
};
