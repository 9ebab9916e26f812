import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { attachStreams } from '../streams/attach-streams.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../streams/detach-keys.js';
import { proxySignals } from '../streams/signal-proxy.js';
import { monitorTtySize } from '../streams/tty-size.js';
import { exitStatus } from '../streams/exit-status.js';

export const containerAttach: CommandSpec = {
  usage: '[OPTIONS] CONTAINER',
  description: 'Attach local standard input, output, and error streams to a running container',
  flags: [
    { long: 'detach-keys', kind: 'value', description: 'Override the key sequence for detaching a container' },
    { long: 'no-stdin', kind: 'bool', description: 'Do not attach STDIN' },
    { long: 'sig-proxy', kind: 'bool', description: 'Proxy all received signals to the process', defaultText: 'true' },
  ],
  args: { exact: 1 },
  async run(ctx, args) {
    const keys = args.value('detach-keys');
    let detachKeys: Buffer = DEFAULT_DETACH_KEYS;
    try {
      if (keys) detachKeys = parseDetachKeys(keys);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const containers = ctx.client.containers;
    const c = await containers.inspect(args.positionals[0]!);
    if (!c.State.Running) throw new CliError('You cannot attach to a stopped container, start it first');
    if (c.State.Paused) throw new CliError('You cannot attach to a paused container, unpause it first');
    if (c.State.Restarting) throw new CliError('You cannot attach to a restarting container, wait until it is running');
    const tty = c.Config.Tty === true;
    const withStdin = !args.bool('no-stdin') && c.Config.OpenStdin === true;
    if (withStdin && tty && !ctx.stdin.isTTY) throw new CliError('the input device is not a TTY');
    const stopProxy = args.bool('sig-proxy', true) && !tty ? proxySignals((signal) => containers.kill(c.Id, { signal })) : () => {};
    let stopResize = () => {};
    try {
      const wait = await containers.wait(c.Id);
      const conn = await containers.attach(c.Id, { stdin: withStdin, stdout: true, stderr: true, ...(keys ? { detachKeys: keys } : {}) });
      if (tty && ctx.stdout.isTTY) stopResize = monitorTtySize(ctx.stdout, (size) => containers.resize(c.Id, size));
      const outcome = await attachStreams({ conn, tty, stdin: withStdin ? ctx.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr, detachKeys });
      if (outcome === 'detached') return 0;
      return exitStatus(ctx, await wait.result);
    } finally {
      stopProxy();
      stopResize();
    }
  },
};
