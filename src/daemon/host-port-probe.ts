import dgram from 'node:dgram';
import net from 'node:net';

/**
 * Whether a host port is free: a bind that succeeds and is let go at once. Published ports are
 * DNAT rules, not listeners, so without this a port a host service listens on could be taken
 * away from it silently.
 */
export function probeHostPort(hostIp: string, port: number, protocol: 'tcp' | 'udp' | 'sctp'): Promise<boolean> {
  const host = hostIp || '0.0.0.0';
  if (protocol === 'udp') {
    return new Promise((resolve) => {
      const s = dgram.createSocket('udp4');
      s.once('error', () => { s.close(); resolve(false); });
      s.bind({ address: host, port, exclusive: true }, () => s.close(() => resolve(true)));
    });
  }
  if (protocol === 'sctp') return Promise.resolve(true);
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}
