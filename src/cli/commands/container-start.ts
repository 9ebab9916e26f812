import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { errorText } from '../error-text.js';
import { attachStreams } from '../streams/attach-streams.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../streams/detach-keys.js';
import { proxySignals } from '../streams/signal-proxy.js';
import { monitorTtySize } from '../streams/tty-size.js';
import { exitStatus } from '../streams/exit-status.js';

export const containerStart: CommandSpec = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Start one or more stopped containers',
  flags: [
    { long: 'attach', short: 'a', kind: 'bool', description: 'Attach STDOUT/STDERR and forward signals' },
    { long: 'checkpoint', kind: 'value', description: 'Restore from this checkpoint' },
    { long: 'checkpoint-dir', kind: 'value', description: 'Use a custom checkpoint storage directory' },
    { long: 'detach-keys', kind: 'value', description: 'Override the key sequence for detaching a container' },
    { long: 'interactive', short: 'i', kind: 'bool', description: "Attach container's STDIN" },
  ],
  args: { min: 1 },
  async run(ctx, args) {
    if (args.bool('attach') || args.bool('interactive')) {
      if (args.positionals.length > 1) throw new CliError('you cannot start and attach multiple containers at once');
      return startAttached(ctx, args.positionals[0]!, args.bool('interactive'), args.value('detach-keys'));
    }
    const failed: string[] = [];
    for (const id of args.positionals) {
      try {
        await ctx.client.containers.start(id);
        ctx.out(`${id}\n`);
      } catch (err) {
        ctx.err(`${errorText(err)}\n`);
        failed.push(id);
      }
    }
    if (failed.length > 0) throw new CliError(`Error: failed to start containers: ${failed.join(', ')}`);
    return 0;
  },
};

/** `start -a [-i]`: attach, register the wait, start, stream, exit with the container's status. */
async function startAttached(ctx: CliContext, target: string, interactive: boolean, keys: string | undefined): Promise<number> {
  let detachKeys: Buffer = DEFAULT_DETACH_KEYS;
  try {
    if (keys) detachKeys = parseDetachKeys(keys);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const containers = ctx.client.containers;
  const c = await containers.inspect(target);
  const tty = c.Config.Tty === true;
  const withStdin = interactive && c.Config.OpenStdin === true;
  const stopProxy = tty ? () => {} : proxySignals((signal) => containers.kill(c.Id, { signal }));
  let stopResize = () => {};
  try {
    const conn = await containers.attach(c.Id, { stdin: withStdin, stdout: true, stderr: true, ...(keys ? { detachKeys: keys } : {}) });
    const wait = await containers.wait(c.Id, { condition: c.HostConfig?.AutoRemove ? 'removed' : 'next-exit' });
    const streams = attachStreams({ conn, tty, stdin: withStdin ? ctx.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr, detachKeys });
    try {
      await containers.start(c.Id);
    } catch (err) {
      conn.socket.destroy();
      await streams.catch(() => undefined);
      if (c.HostConfig?.AutoRemove) await wait.result.catch(() => undefined);
      throw err;
    }
    if (tty && ctx.stdout.isTTY) stopResize = monitorTtySize(ctx.stdout, (size) => containers.resize(c.Id, size));
    if ((await streams) === 'detached') return 0;
    return exitStatus(ctx, await wait.result);
  } finally {
    stopProxy();
    stopResize();
  }
}
