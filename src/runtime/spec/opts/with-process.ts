import { invalidArgument } from '../../../core/engine-error.js';
import { mergeEnv } from '../merge-env.js';
import { parseSecurityOptions } from '../security-options.js';
import type { SpecOpt } from '../spec-opt.js';

export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The container's main process: program, environment, user and terminal. The environment
 * starts from Docker's daemon defaults (PATH, HOSTNAME, TERM=xterm with a tty), which the
 * container's own variables override.
 */
export const withProcess: SpecOpt = (spec, input) => {
  const { config, host } = input;
  if (input.args.length === 0) throw invalidArgument('no command specified');
  const p = spec.process;
  p.args = [...input.args];
  const defaults = [DEFAULT_PATH_ENV, `HOSTNAME=${spec.hostname ?? config.hostname}`];
  if (config.tty) defaults.push('TERM=xterm');
  p.env = mergeEnv(defaults, input.env);
  p.cwd = input.cwd || '/';
  if (!p.cwd.startsWith('/')) {
    throw invalidArgument(`the working directory '${p.cwd}' is invalid, it needs to be an absolute path`);
  }
  p.user = { uid: input.user.uid, gid: input.user.gid, additionalGids: [...input.user.additionalGids] };
  p.terminal = config.tty;
  const size = host.consoleSize;
  if (config.tty && size && (size[0] > 0 || size[1] > 0)) p.consoleSize = { height: size[0], width: size[1] };
  p.oomScoreAdj = host.oomScoreAdj;
  if (host.oomScoreAdj < -1000 || host.oomScoreAdj > 1000) {
    throw invalidArgument(`Invalid value ${host.oomScoreAdj}, range for oom score adj is [-1000, 1000]`);
  }
  p.noNewPrivileges = parseSecurityOptions(host.securityOpt).noNewPrivileges;
};
