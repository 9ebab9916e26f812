import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { runFlags } from '../options/container-flags.js';
import { buildContainerOptions, type ContainerOptions } from '../options/container-request.js';
import { attachStreams, type AttachOutcome } from '../streams/attach-streams.js';
import { createContainer } from '../streams/create-container.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../streams/detach-keys.js';
import { exitStatus } from '../streams/exit-status.js';
import { proxySignals } from '../streams/signal-proxy.js';
import { consoleSize, monitorTtySize } from '../streams/tty-size.js';

export const containerRun: CommandSpec = {
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'Create and run a new container from an image',
  flags: runFlags,
  interspersed: false,
  args: { min: 1 },
  run: runContainer,
};

/**
 * Docker's run flow: create (pulling if missing), attach before start so no
 * output is lost, register the wait (next-exit, or removed with --rm) before
 * start, start, then stream until the output ends and exit with the
 * container's status. Detached runs print the id instead.
 */
async function runContainer(ctx: CliContext, args: Parameters<CommandSpec['run']>[1]): Promise<number> {
  let opts: ContainerOptions;
  let detachKeys: Buffer = DEFAULT_DETACH_KEYS;
  try {
    opts = buildContainerOptions(args, ctx.env);
    const keys = args.value('detach-keys');
    if (keys) detachKeys = parseDetachKeys(keys);
  } catch (err) {
    throw await runError(err, 'run');
  }
  const body = opts.body;
  const detach = args.bool('detach');
  const tty = body.Tty === true;
  if (detach) {
    if (args.list('attach').length > 0) throw new CliError('conflicting options: cannot specify both --attach and --detach');
    body.AttachStdin = body.AttachStdout = body.AttachStderr = body.StdinOnce = false;
  } else if (body.AttachStdin && tty && !ctx.stdin.isTTY) {
    throw new CliError('the input device is not a TTY');
  }
  if (tty && !detach) {
    const size = consoleSize(ctx.stdout);
    if (size) body.HostConfig = { ...body.HostConfig, ConsoleSize: size };
  }

  let id: string;
  try {
    id = await createContainer(ctx, opts, ctx.stderr);
  } catch (err) {
    throw await runError(err, 'run');
  }
  const containers = ctx.client.containers;
  const attach = !!(body.AttachStdin || body.AttachStdout || body.AttachStderr);
  const stopProxy = args.bool('sig-proxy', true) && !tty && !detach ? proxySignals((signal) => containers.kill(id, { signal })) : () => {};
  let stopResize = () => {};
  try {
    const conn = attach
      ? await containers.attach(id, {
        stdin: body.AttachStdin, stdout: body.AttachStdout, stderr: body.AttachStderr, ...(args.value('detach-keys') ? { detachKeys: args.value('detach-keys')! } : {}),
      })
      : undefined;
    const wait = detach ? undefined : await containers.wait(id, { condition: body.HostConfig?.AutoRemove ? 'removed' : 'next-exit' });
    const streams: Promise<AttachOutcome> | undefined = conn && attachStreams({
      conn, tty, stdin: body.AttachStdin ? ctx.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr, detachKeys,
    });
    try {
      await containers.start(id);
    } catch (err) {
      conn?.socket.destroy();
      await streams?.catch(() => undefined);
      // With --rm the daemon removes the container; report once that has happened.
      if (body.HostConfig?.AutoRemove) await wait?.result.catch(() => undefined);
      throw await runError(err, 'run');
    }
    if (!attach) {
      ctx.out(`${id}\n`);
      return 0;
    }
    if (tty && ctx.stdout.isTTY) stopResize = monitorTtySize(ctx.stdout, (size) => containers.resize(id, size));
    if (streams && (await streams) === 'detached') return 0;
    return exitStatus(ctx, await wait!.result);
  } finally {
    stopProxy();
    stopResize();
  }
}

/** docker's run/create error report; loaded only when something failed. */
async function runError(err: unknown, command: string): Promise<Error> {
  const { runStatusError } = await import('../run-status-error.js');
  return runStatusError(err, command);
}
