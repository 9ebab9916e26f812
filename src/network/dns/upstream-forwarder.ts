import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { canonicalName, DnsRcode, parseDnsMessage, withMessageId, type DnsQuestion } from './dns-message.js';
import { frameTcpMessage, TcpFrameReader } from './tcp-frame-reader.js';
import { parseUpstreamAddress, type UpstreamAddress } from './upstream-address.js';

export interface UpstreamForwarderOptions {
  /** How long to wait for one upstream before trying the next. */
  timeoutMs: number;
  /** Upstreams never to use, e.g. the server itself (a resolv.conf pointing back at us would loop). */
  skip?: (upstream: UpstreamAddress) => boolean;
}

export interface ForwardOptions {
  /** The client asked over TCP, so ask upstream over TCP too. */
  tcp: boolean;
  /** Largest UDP answer the client accepts; a fuller TCP answer is relayed only if it fits. */
  clientUdpSize: number;
  signal: AbortSignal;
}

interface PendingUdp {
  upstream: UpstreamAddress;
  question: DnsQuestion;
  finish(answer: Buffer | undefined): void;
}

/**
 * Relays queries to upstream resolvers. UDP goes through one shared socket per address
 * family, replies matched by a fresh random id per forward (plus source address, port and
 * question, so a stray or spoofed datagram is ignored); TCP uses a connection per forward.
 * close() ends every pending forward and frees every socket.
 */
export class UpstreamForwarder {
  private readonly udpSockets = new Map<4 | 6, dgram.Socket>();
  private readonly pending = new Map<4 | 6, Map<number, PendingUdp>>([
    [4, new Map()],
    [6, new Map()],
  ]);
  private readonly tcpSockets = new Set<net.Socket>();
  private closed = false;

  constructor(private readonly o: UpstreamForwarderOptions) {}

  /**
   * Asks each upstream in order and returns the first usable answer, carrying the client's
   * id and otherwise unchanged; undefined when all time out, fail, or answer SERVFAIL/REFUSED.
   */
  async forward(query: Buffer, question: DnsQuestion, upstreams: readonly string[], o: ForwardOptions): Promise<Buffer | undefined> {
    const clientId = query.readUInt16BE(0);
    for (const text of upstreams) {
      const upstream = parseUpstreamAddress(text);
      if (upstream === undefined || this.o.skip?.(upstream)) continue;
      if (this.closed || o.signal.aborted) return undefined;
      let answer = o.tcp ? await this.exchangeTcp(upstream, query, question, o.signal) : await this.exchangeUdp(upstream, query, question, o.signal);
      if (answer !== undefined && !o.tcp && isTruncated(answer)) {
        const full = await this.exchangeTcp(upstream, query, question, o.signal);
        // otherwise the truncated answer stands and tells the client to come back over TCP
        if (full !== undefined && full.length <= o.clientUdpSize && !isFailure(full)) answer = full;
      }
      if (answer === undefined || isFailure(answer)) continue;
      return withMessageId(answer, clientId);
    }
    return undefined;
  }

  /** Ends pending forwards (they resolve undefined) and resolves once every socket is closed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const table of this.pending.values()) for (const p of [...table.values()]) p.finish(undefined);
    const udp = [...this.udpSockets.values()];
    this.udpSockets.clear();
    for (const socket of this.tcpSockets) socket.destroy();
    this.tcpSockets.clear();
    await Promise.all(udp.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
  }

  private exchangeUdp(upstream: UpstreamAddress, query: Buffer, question: DnsQuestion, signal: AbortSignal): Promise<Buffer | undefined> {
    const table = this.pending.get(upstream.family)!;
    const id = freshId(table);
    if (id === undefined) return Promise.resolve(undefined);
    const socket = this.udpSocket(upstream.family);
    return this.awaitAnswer(signal, (finish) => {
      table.set(id, { upstream, question, finish });
      socket.send(withMessageId(query, id), upstream.port, upstream.host, (err) => err && finish(undefined));
      return () => table.delete(id);
    });
  }

  private exchangeTcp(upstream: UpstreamAddress, query: Buffer, question: DnsQuestion, signal: AbortSignal): Promise<Buffer | undefined> {
    const id = randomInt(0x10000);
    return this.awaitAnswer(signal, (finish) => {
      const socket = net.connect({ host: upstream.host, port: upstream.port });
      this.tcpSockets.add(socket);
      const reader = new TcpFrameReader();
      socket.on('connect', () => socket.write(frameTcpMessage(withMessageId(query, id))));
      socket.on('data', (chunk) => {
        for (const m of reader.push(chunk)) if (m.length >= 2 && m.readUInt16BE(0) === id && answers(m, question)) finish(m);
      });
      socket.on('error', () => finish(undefined));
      socket.on('close', () => finish(undefined));
      return () => {
        socket.destroy();
        this.tcpSockets.delete(socket);
      };
    });
  }

  /** Runs one exchange: `start` sends and returns its cleanup; the first of answer, timeout or abort wins. */
  private awaitAnswer(signal: AbortSignal, start: (finish: (answer: Buffer | undefined) => void) => () => void): Promise<Buffer | undefined> {
    if (this.closed || signal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let done = false;
      let cleanup: (() => void) | undefined;
      const finish = (answer: Buffer | undefined) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        cleanup?.();
        resolve(answer);
      };
      const onAbort = () => finish(undefined);
      const timer = setTimeout(onAbort, this.o.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      cleanup = start(finish);
      if (done) cleanup();
    });
  }

  private udpSocket(family: 4 | 6): dgram.Socket {
    const existing = this.udpSockets.get(family);
    if (existing !== undefined) return existing;
    const socket = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
    socket.on('message', (m, rinfo) => this.onUdpReply(family, m, rinfo));
    // a failed socket is replaced on the next forward; its pending forwards time out
    socket.on('error', () => {
      if (this.udpSockets.get(family) !== socket) return;
      this.udpSockets.delete(family);
      socket.close();
    });
    this.udpSockets.set(family, socket);
    return socket;
  }

  private onUdpReply(family: 4 | 6, m: Buffer, rinfo: dgram.RemoteInfo): void {
    if (m.length < 2) return;
    const p = this.pending.get(family)!.get(m.readUInt16BE(0));
    if (p === undefined || rinfo.port !== p.upstream.port) return;
    if (parseUpstreamAddress(rinfo.address)?.host !== p.upstream.host) return;
    if (answers(m, p.question)) p.finish(m);
  }
}

function freshId(inUse: Map<number, unknown>): number | undefined {
  for (let i = 0; i < 16; i++) {
    const id = randomInt(0x10000);
    if (!inUse.has(id)) return id;
  }
  return undefined;
}

/** A well-formed response to `question` (an empty question section is accepted: some servers send one with errors). */
function answers(m: Buffer, question: DnsQuestion): boolean {
  const parsed = parseDnsMessage(m);
  if (!parsed.ok || !parsed.message.header.qr) return false;
  const qs = parsed.message.questions;
  if (qs.length === 0) return true;
  return (
    qs.length === 1 && qs[0]!.type === question.type && qs[0]!.class === question.class && canonicalName(qs[0]!.name) === canonicalName(question.name)
  );
}

const isTruncated = (m: Buffer) => (m[2]! & 0x02) !== 0;

function isFailure(m: Buffer): boolean {
  const rcode = m[3]! & 0x0f;
  return rcode === DnsRcode.SERVFAIL || rcode === DnsRcode.REFUSED;
}
