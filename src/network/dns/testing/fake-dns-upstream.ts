import dgram from 'node:dgram';
import net from 'node:net';
import { DnsRcode, ednsUdpSize, encodeDnsResponse, canonicalName, parseDnsMessage, CLASSIC_UDP_SIZE } from '../dns-message.js';
import { frameTcpMessage, TcpFrameReader } from '../tcp-frame-reader.js';

/** What the fake does with a query on one transport. */
export type FakeBehaviour = 'answer' | 'silent' | 'servfail' | 'truncate';

export interface FakeDnsUpstreamOptions {
  /** A records it knows; other names get NXDOMAIN. */
  zone: Record<string, string[]>;
  udp?: FakeBehaviour;
  tcp?: FakeBehaviour;
  /** Delay before each answer, to put many queries in flight at once. */
  delayMs?: (name: string) => number;
}

export interface SeenQuery {
  transport: 'udp' | 'tcp';
  id: number;
  name: string;
  type: number;
}

/**
 * A small resolver for tests, on 127.0.0.1 with the same port for UDP and TCP. It records
 * the queries it got and the exact bytes it answered, so tests can prove relaying is byte-exact.
 */
export class FakeDnsUpstream {
  readonly seen: SeenQuery[] = [];
  readonly sent: Buffer[] = [];
  /** The most queries it held at once (while delaying), proof that they overlapped. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly conns = new Set<net.Socket>();

  private constructor(
    private readonly o: FakeDnsUpstreamOptions,
    private readonly udpSocket: dgram.Socket,
    private readonly tcpServer: net.Server,
    readonly port: number,
    readonly host = '127.0.0.1',
  ) {
    udpSocket.on('message', (m, rinfo) => {
      void this.reply(m, 'udp').then((r) => r && udpSocket.send(r, rinfo.port, rinfo.address));
    });
    tcpServer.on('connection', (socket) => {
      this.conns.add(socket);
      socket.on('close', () => this.conns.delete(socket));
      socket.on('error', () => {});
      const reader = new TcpFrameReader();
      socket.on('data', (chunk) => {
        for (const m of reader.push(chunk)) void this.reply(m, 'tcp').then((r) => r && socket.writable && socket.write(frameTcpMessage(r)));
      });
    });
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Listens on `host` (127.0.0.1) at `port`, or at a free port the same for UDP and TCP. */
  static async start(o: FakeDnsUpstreamOptions & { host?: string; port?: number }): Promise<FakeDnsUpstream> {
    const host = o.host ?? '127.0.0.1';
    for (;;) {
      const udp = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(o.port ?? 0, host, resolve); });
      const port = udp.address().port;
      const tcp = net.createServer();
      const ok = await new Promise<boolean>((resolve) => {
        tcp.once('error', () => resolve(false));
        tcp.listen(port, host, () => resolve(true));
      });
      if (ok) return new FakeDnsUpstream(o, udp, tcp, port, host);
      udp.close();
      if (o.port) throw new Error(`fake DNS upstream: ${host}:${o.port} is taken`);
    }
  }

  seenOn(transport: 'udp' | 'tcp'): SeenQuery[] {
    return this.seen.filter((q) => q.transport === transport);
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.destroy();
    await Promise.all([new Promise<void>((r) => this.udpSocket.close(() => r())), new Promise<void>((r) => this.tcpServer.close(() => r()))]);
  }

  private async reply(m: Buffer, transport: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    const parsed = parseDnsMessage(m);
    if (!parsed.ok || parsed.message.questions.length !== 1) return undefined;
    const query = parsed.message;
    const q = query.questions[0]!;
    this.seen.push({ transport, id: query.header.id, name: q.name, type: q.type });
    const behaviour = (transport === 'udp' ? this.o.udp : this.o.tcp) ?? 'answer';
    const delay = this.o.delayMs?.(q.name) ?? 0;
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    this.inFlight--;
    if (behaviour === 'silent') return undefined;
    const addresses = this.o.zone[canonicalName(q.name)];
    const rcode = behaviour === 'servfail' ? DnsRcode.SERVFAIL : addresses === undefined ? DnsRcode.NXDOMAIN : DnsRcode.NOERROR;
    const answers = rcode === DnsRcode.NOERROR ? addresses!.map((ipv4) => ({ kind: 'A' as const, name: q.name, ttl: 30, ipv4 })) : [];
    const out = encodeDnsResponse(query, {
      rcode,
      answers,
      ...(behaviour === 'truncate' && { maxSize: 0 }),
      ...(transport === 'udp' && behaviour !== 'truncate' && { maxSize: Math.max(CLASSIC_UDP_SIZE, ednsUdpSize(query) ?? 0) }),
    });
    this.sent.push(out);
    return out;
  }
}
