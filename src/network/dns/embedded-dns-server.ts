import dgram from 'node:dgram';
import { setMaxListeners } from 'node:events';
import net from 'node:net';
import { EngineError } from '../../core/engine-error.js';
import { DnsOpcode, DnsRcode, encodeDnsFailure, encodeDnsResponse, parseDnsMessage, udpAnswerLimit, type DnsMessage } from './dns-message.js';
import type { DnsRecords } from './dns-records.js';
import { answerLocally } from './local-answer.js';
import { frameTcpMessage, TcpFrameReader } from './tcp-frame-reader.js';
import { UpstreamForwarder } from './upstream-forwarder.js';

export type { DnsRecords } from './dns-records.js';

export interface EmbeddedDnsServerOptions {
  /** The network's gateway address; the server listens there on UDP and TCP. */
  address: string;
  /** Default 53; 0 picks a free port (the same one for UDP and TCP). */
  port?: number;
  records: DnsRecords;
  /**
   * Upstream resolvers ("1.2.3.4", "1.2.3.4:5353", "[::1]:53") for a query from `client` (its
   * address), read again on every forward: a container may have resolvers of its own (`--dns`).
   */
  upstreams: (client: string) => string[];
  /** Per-upstream wait before trying the next one; default 2000 ms. */
  timeoutMs?: number;
  /** Failures that cost an answer (records threw, encoding failed); the server itself keeps going. */
  onError?: (err: unknown) => void;
}

/** Client TCP connections idle this long are closed (RFC 7766 §6.2.3 asks for seconds, not minutes). */
const TCP_IDLE_MS = 10_000;
/** Queries one TCP client may have in flight before we drop the connection. */
const TCP_MAX_IN_FLIGHT = 128;
const FREE_PORT_ATTEMPTS = 8;

/**
 * The DNS server of one user-defined network, run inside berthd (one per network, not per
 * container). Containers on the network resolve each other by the names `records` owns;
 * all other queries are relayed to the host's resolvers, which berthd can reach even when
 * they listen on host loopback (127.0.0.53). It never throws on what clients send:
 * malformed messages get FORMERR when they carry an id and are dropped otherwise.
 *
 * Lifecycle: start() resolves once both listeners are bound (EngineError `unavailable`
 * or `permission_denied` otherwise); close() stops both listeners, drops client connections
 * and ends pending forwards, so no socket outlives it.
 */
export class EmbeddedDnsServer {
  private readonly lifetime = new AbortController();
  private readonly clients = new Set<net.Socket>();
  private readonly forwarder: UpstreamForwarder;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly o: EmbeddedDnsServerOptions,
    private readonly udp: dgram.Socket,
    private readonly tcp: net.Server,
    readonly address: string,
    readonly port: number,
  ) {
    // every forward in flight listens for the end of the server's lifetime
    setMaxListeners(Infinity, this.lifetime.signal);
    this.forwarder = new UpstreamForwarder({
      timeoutMs: o.timeoutMs ?? 2000,
      skip: (u) => u.host === address && u.port === port,
    });
    udp.on('message', (m, rinfo) => this.onDatagram(m, rinfo));
    // errors on an established UDP socket are per-datagram (ICMP); keep serving
    udp.on('error', (err) => this.o.onError?.(err));
    tcp.on('connection', (socket) => this.onConnection(socket));
    tcp.on('error', (err) => this.o.onError?.(err));
  }

  static async start(o: EmbeddedDnsServerOptions): Promise<EmbeddedDnsServer> {
    const family = net.isIP(o.address);
    if (family === 0) throw new EngineError('invalid_argument', `dns: ${JSON.stringify(o.address)} is not an IP address`);
    const wanted = o.port ?? 53;
    for (let attempt = 1; ; attempt++) {
      const udp = dgram.createSocket({ type: family === 4 ? 'udp4' : 'udp6' });
      try {
        await listen(udp, (done) => udp.bind({ address: o.address, port: wanted, exclusive: true }, done));
      } catch (err) {
        udp.close();
        throw bindError(o.address, wanted, 'udp', err);
      }
      const port = udp.address().port;
      const tcp = net.createServer();
      try {
        await listen(tcp, (done) => tcp.listen({ host: o.address, port, exclusive: true }, done));
      } catch (err) {
        udp.close();
        // with port 0 the port was free for UDP only; pick another
        if (wanted === 0 && (err as NodeJS.ErrnoException).code === 'EADDRINUSE' && attempt < FREE_PORT_ATTEMPTS) continue;
        throw bindError(o.address, port, 'tcp', err);
      }
      return new EmbeddedDnsServer(o, udp, tcp, o.address, port);
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.lifetime.abort();
      for (const socket of this.clients) socket.destroy();
      this.clients.clear();
      await Promise.all([
        this.forwarder.close(),
        new Promise<void>((resolve) => this.udp.close(() => resolve())),
        new Promise<void>((resolve) => this.tcp.close(() => resolve())),
      ]);
    })();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private onDatagram(message: Buffer, rinfo: dgram.RemoteInfo): void {
    void this.respond(message, 'udp', rinfo.address).then((answer) => {
      if (answer === undefined || this.lifetime.signal.aborted) return;
      this.udp.send(answer, rinfo.port, rinfo.address, (err) => err && this.o.onError?.(err));
    });
  }

  private onConnection(socket: net.Socket): void {
    if (this.lifetime.signal.aborted) {
      socket.destroy();
      return;
    }
    this.clients.add(socket);
    socket.on('close', () => this.clients.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    const reader = new TcpFrameReader();
    let inFlight = 0;
    socket.on('data', (chunk) => {
      for (const message of reader.push(chunk)) {
        if (++inFlight > TCP_MAX_IN_FLIGHT) {
          socket.destroy();
          return;
        }
        // answers may go out of order; RFC 7766 §7 allows it and clients match by id
        void this.respond(message, 'tcp', socket.remoteAddress ?? '').then((answer) => {
          inFlight--;
          if (answer !== undefined && socket.writable) socket.write(frameTcpMessage(answer));
        });
      }
    });
  }

  /** The answer to send back, or undefined to stay silent. Never rejects. */
  private async respond(raw: Buffer, transport: 'udp' | 'tcp', client: string): Promise<Buffer | undefined> {
    try {
      const parsed = parseDnsMessage(raw);
      if (!parsed.ok) {
        // never answer something that claims to be a response: that is how reflection loops start
        return parsed.id === undefined || parsed.qr === true ? undefined : encodeDnsFailure(parsed.id, DnsRcode.FORMERR);
      }
      const query = parsed.message;
      const { header } = query;
      if (header.qr) return undefined;
      if (header.opcode !== DnsOpcode.QUERY) return encodeDnsResponse(query, { rcode: DnsRcode.REFUSED });
      if (query.questions.length !== 1) return encodeDnsFailure(header.id, DnsRcode.FORMERR, { opcode: header.opcode, rd: header.rd });
      const local = this.answerLocally(query, transport, client.replace(/^::ffff:/, ''));
      if (local !== undefined) return local;
      const answer = await this.forwarder.forward(raw, query.questions[0]!, this.o.upstreams(client.replace(/^::ffff:/, '')), {
        tcp: transport === 'tcp',
        clientUdpSize: udpAnswerLimit(query),
        signal: this.lifetime.signal,
      });
      return answer ?? encodeDnsResponse(query, { rcode: DnsRcode.SERVFAIL });
    } catch (err) {
      this.o.onError?.(err);
      return raw.length >= 3 && (raw[2]! & 0x80) === 0 ? encodeDnsFailure(raw.readUInt16BE(0), DnsRcode.SERVFAIL) : undefined;
    }
  }

  private answerLocally(query: DnsMessage, transport: 'udp' | 'tcp', client: string): Buffer | undefined {
    try {
      return answerLocally(query, this.o.records, transport, client);
    } catch (err) {
      this.o.onError?.(err);
      return encodeDnsResponse(query, { rcode: DnsRcode.SERVFAIL });
    }
  }
}

function listen(emitter: dgram.Socket | net.Server, bind: (done: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    emitter.once('error', onError);
    bind(() => {
      emitter.off('error', onError);
      resolve();
    });
  });
}

function bindError(address: string, port: number, proto: 'udp' | 'tcp', err: unknown): EngineError {
  const code = (err as NodeJS.ErrnoException).code;
  const message = `dns: cannot listen on ${address}:${port}/${proto}: ${(err as Error).message}`;
  return code === 'EACCES' || code === 'EPERM'
    ? new EngineError('permission_denied', message, { cause: err, hint: 'binding port 53 needs root or CAP_NET_BIND_SERVICE' })
    : new EngineError('unavailable', message, { cause: err });
}
