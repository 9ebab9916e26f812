/** Signals docker's CLI passes on to the container (all that a terminal user can send, minus job control). */
const PROXIED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM'];

/**
 * Forwards signals this process receives to the container (`kill`), as docker's
 * sig-proxy does for attached, non-tty runs; berth itself keeps running until the
 * container exits. Returns a function that stops forwarding.
 */
export function proxySignals(kill: (signal: string) => Promise<void>): () => void {
  const handlers = PROXIED.map((signal) => {
    const handler = () => void kill(signal).catch(() => {});
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
