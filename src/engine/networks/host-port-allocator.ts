import { conflict, EngineError } from '../../core/engine-error.js';
import type { PortBindingRequest, PortProtocol, PublishedPort } from '../../core/network.js';
import type { HostPortProbe } from '../../network/network-driver.js';

const EPHEMERAL: [number, number] = [32768, 60999];

/**
 * Chooses host ports for `-p`/`-P`: the asked port, the first free one of an asked range, or a
 * free ephemeral port (taken in order after the last one given, as Docker does). A port is free
 * when no published port of ours holds it and nothing on the host listens there.
 */
export class HostPortAllocator {
  private readonly held = new Map<string, string>();
  private nextEphemeral = EPHEMERAL[0];

  constructor(private readonly probe: HostPortProbe, private readonly ephemeral: [number, number] = EPHEMERAL) {
    this.nextEphemeral = ephemeral[0];
  }

  /** Ports already published by a running container (at boot). */
  hold(owner: string, ports: PublishedPort[]): void {
    for (const p of ports) this.held.set(key(p.hostIp, p.hostPort, p.protocol), owner);
  }

  release(owner: string): void {
    for (const [k, o] of this.held) if (o === owner) this.held.delete(k);
  }

  async allocate(owner: string, requests: PortBindingRequest[]): Promise<PublishedPort[]> {
    const out: PublishedPort[] = [];
    try {
      for (const r of requests) {
        const hostIp = r.hostIp || '0.0.0.0';
        const hostPort = await this.choose(hostIp, r.protocol, r.hostPortRange);
        this.held.set(key(hostIp, hostPort, r.protocol), owner);
        out.push({ containerPort: r.containerPort, protocol: r.protocol, hostIp, hostPort });
      }
      return out;
    } catch (err) {
      this.release(owner);
      throw err;
    }
  }

  private async choose(hostIp: string, protocol: PortProtocol, [lo, hi]: [number, number]): Promise<number> {
    if (lo === 0) {
      const [first, last] = this.ephemeral;
      const size = last - first + 1;
      for (let i = 0; i < size; i++) {
        const port = first + ((this.nextEphemeral - first + i) % size);
        if (await this.isFree(hostIp, port, protocol)) {
          this.nextEphemeral = port + 1 > last ? first : port + 1;
          return port;
        }
      }
      throw new EngineError('unavailable', 'no free host port in the ephemeral range');
    }
    for (let port = lo; port <= hi; port++) if (await this.isFree(hostIp, port, protocol)) return port;
    const what = lo === hi ? `${hostIp}:${lo}` : `${hostIp}:${lo}-${hi}`;
    throw conflict(`driver failed programming external connectivity: Bind for ${what} failed: port is already allocated`);
  }

  private async isFree(hostIp: string, port: number, protocol: PortProtocol): Promise<boolean> {
    for (const [k] of this.held) {
      const [ip, p, proto] = k.split('|');
      if (Number(p) === port && proto === protocol && (ip === hostIp || ip === '0.0.0.0' || hostIp === '0.0.0.0')) return false;
    }
    return this.probe(hostIp, port, protocol);
  }
}

function key(ip: string, port: number, protocol: string): string {
  return `${ip}|${port}|${protocol}`;
}
