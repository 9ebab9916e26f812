import { invalidArgument } from '../core/engine-error.js';

export const DEFAULT_HOST = 'unix:///run/berth/berth.sock';

export interface DaemonHost {
  /** The host as the user would write it, e.g. `unix:///run/berth/berth.sock`. */
  url: string;
  socketPath: string;
}

/**
 * Picks the daemon address the way docker does: the `-H/--host` flag, then
 * `DOCKER_HOST`, then the default socket. Only Unix sockets are supported: berthd
 * does not listen on TCP, and a silent fallback would hide a misconfiguration.
 */
export function resolveDaemonHost(flag: string | undefined, env: NodeJS.ProcessEnv): DaemonHost {
  const raw = flag || env['DOCKER_HOST'] || DEFAULT_HOST;
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (socketPath === '') throw invalidArgument(`invalid host ${JSON.stringify(raw)}: empty socket path`);
    return { url: raw, socketPath };
  }
  throw invalidArgument(`invalid host ${JSON.stringify(raw)}: berth supports only unix:// hosts`);
}
