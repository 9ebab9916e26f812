import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { readKeyValueFile } from '../options/key-value-file.js';
import { attachStreams } from '../streams/attach-streams.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../streams/detach-keys.js';
import { consoleSize, monitorTtySize } from '../streams/tty-size.js';

export const containerExec: CommandSpec = {
  usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  description: 'Execute a command in a running container',
  flags: [
    { long: 'detach', short: 'd', kind: 'bool', description: 'Detached mode: run command in the background' },
    { long: 'detach-keys', kind: 'value', description: 'Override the key sequence for detaching a container' },
    { long: 'env', short: 'e', kind: 'list', description: 'Set environment variables' },
    { long: 'env-file', kind: 'list', description: 'Read in a file of environment variables' },
    { long: 'interactive', short: 'i', kind: 'bool', description: 'Keep STDIN open even if not attached' },
    { long: 'privileged', kind: 'bool', description: 'Give extended privileges to the command' },
    { long: 'tty', short: 't', kind: 'bool', description: 'Allocate a pseudo-TTY' },
    { long: 'user', short: 'u', kind: 'value', description: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { long: 'workdir', short: 'w', kind: 'value', description: 'Working directory inside the container' },
  ],
  interspersed: false,
  args: { min: 2 },
  async run(ctx, args) {
    const [container = '', ...cmd] = args.positionals;
    const detach = args.bool('detach');
    const tty = args.bool('tty');
    const interactive = args.bool('interactive');
    const keys = args.value('detach-keys');
    let detachKeys: Buffer = DEFAULT_DETACH_KEYS;
    let env: string[];
    try {
      if (keys) detachKeys = parseDetachKeys(keys);
      env = [
        ...args.list('env-file').flatMap((f) => readKeyValueFile(f, (k) => ctx.env[k])),
        ...args.list('env').map((e) => (e.includes('=') || ctx.env[e] === undefined ? e : `${e}=${ctx.env[e]}`)),
      ];
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    if (!detach && interactive && tty && !ctx.stdin.isTTY) throw new CliError('the input device is not a TTY');
    const size = tty && !detach ? consoleSize(ctx.stdout) : undefined;
    const user = args.value('user');
    const workdir = args.value('workdir');
    const { Id: execId } = await ctx.client.exec.create(container, {
      ...(user ? { User: user } : {}),
      Privileged: args.bool('privileged'),
      Tty: tty,
      AttachStdin: interactive && !detach,
      AttachStdout: !detach,
      AttachStderr: !detach,
      ...(keys ? { DetachKeys: keys } : {}),
      ...(env.length > 0 ? { Env: env } : {}),
      ...(workdir ? { WorkingDir: workdir } : {}),
      Cmd: cmd,
      ...(size ? { ConsoleSize: size } : {}),
    });
    if (detach) {
      await ctx.client.exec.startDetached(execId, { Tty: tty });
      return 0;
    }
    const conn = await ctx.client.exec.startAttached(execId, { Tty: tty, ...(size ? { ConsoleSize: size } : {}) });
    const stopResize = tty && ctx.stdout.isTTY ? monitorTtySize(ctx.stdout, (s) => ctx.client.exec.resize(execId, s)) : () => {};
    try {
      const outcome = await attachStreams({
        conn, tty, stdin: interactive ? ctx.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr, detachKeys,
      });
      if (outcome === 'detached') return 0;
    } finally {
      stopResize();
    }
    // The stream can end a moment before the daemon records the exit code.
    for (let attempt = 0; ; attempt++) {
      const inspect = await ctx.client.exec.inspect(execId);
      if (!inspect.Running || inspect.ExitCode !== null || attempt >= 50) return inspect.ExitCode ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
};
