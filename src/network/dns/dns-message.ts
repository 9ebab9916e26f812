import { isIPv4 } from 'node:net';
import { EngineError } from '../../core/engine-error.js';

/**
 * DNS wire format (RFC 1035, EDNS from RFC 6891), just as much as an embedded
 * resolver needs: parse any message without trusting it, and encode the few
 * responses we author ourselves. Everything else is relayed as raw bytes.
 *
 * Names are in presentation form without the trailing dot ("" is the root);
 * a literal "." or "\" inside a label is escaped with "\", other bytes map 1:1
 * to latin1 characters, so every name read can be written back unchanged.
 */

export const DnsType = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, OPT: 41, ANY: 255 } as const;
export const DnsClass = { IN: 1, ANY: 255 } as const;
export const DnsOpcode = { QUERY: 0 } as const;
export const DnsRcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export const HEADER_SIZE = 12;
/** Largest UDP answer a client that sent no EDNS OPT record accepts. */
export const CLASSIC_UDP_SIZE = 512;
/** The EDNS UDP payload size we advertise and send at most (DNS flag day 2020: no IP fragmentation). */
export const SERVER_EDNS_UDP_SIZE = 1232;

export interface DnsHeader {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
  rcode: number;
}

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

/** A resource record as read; `data` is raw rdata, names inside it are left compressed (decode them at `dataOffset`). */
export interface DnsRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: Buffer;
  dataOffset: number;
}

export interface DnsMessage {
  header: DnsHeader;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

/** A failed parse still reports the id (and QR bit) when the bytes had them, so the caller can answer FORMERR. */
export type DnsParseResult =
  | { ok: true; message: DnsMessage }
  | { ok: false; reason: string; id?: number; qr?: boolean };

export type DnsAnswer =
  | { kind: 'A'; name: string; ttl: number; ipv4: string }
  | { kind: 'PTR'; name: string; ttl: number; target: string };

export interface DnsResponseOptions {
  rcode: number;
  answers?: DnsAnswer[];
  authoritative?: boolean;
  /** Our EDNS UDP payload size; add an OPT record (RFC 6891 requires one when the query had one). */
  ednsUdpSize?: number;
  /** When the response would be larger, send it without answers and with TC set, so the client retries over TCP. */
  maxSize?: number;
}

class MalformedMessage extends Error {}

const MAX_NAME_WIRE_LENGTH = 255;
const MAX_LABEL_LENGTH = 63;

export function parseDnsMessage(buf: Buffer): DnsParseResult {
  if (buf.length < HEADER_SIZE) {
    const partial: DnsParseResult = { ok: false, reason: `message of ${buf.length} bytes is shorter than a header` };
    if (buf.length >= 2) partial.id = buf.readUInt16BE(0);
    if (buf.length >= 3) partial.qr = (buf[2]! & 0x80) !== 0;
    return partial;
  }
  const header = readHeader(buf);
  try {
    let offset = HEADER_SIZE;
    const questions: DnsQuestion[] = [];
    for (let i = buf.readUInt16BE(4); i > 0; i--) {
      const name = readName(buf, offset);
      need(buf, name.end, 4);
      questions.push({ name: name.name, type: buf.readUInt16BE(name.end), class: buf.readUInt16BE(name.end + 2) });
      offset = name.end + 4;
    }
    const sections: DnsRecord[][] = [[], [], []];
    for (const [index, countAt] of [6, 8, 10].entries()) {
      for (let i = buf.readUInt16BE(countAt); i > 0; i--) {
        const name = readName(buf, offset);
        need(buf, name.end, 10);
        const length = buf.readUInt16BE(name.end + 8);
        const dataOffset = name.end + 10;
        need(buf, dataOffset, length);
        sections[index]!.push({
          name: name.name,
          type: buf.readUInt16BE(name.end),
          class: buf.readUInt16BE(name.end + 2),
          ttl: buf.readUInt32BE(name.end + 4),
          data: buf.subarray(dataOffset, dataOffset + length),
          dataOffset,
        });
        offset = dataOffset + length;
      }
    }
    const [answers, authorities, additionals] = sections as [DnsRecord[], DnsRecord[], DnsRecord[]];
    return { ok: true, message: { header, questions, answers, authorities, additionals } };
  } catch (err) {
    if (!(err instanceof MalformedMessage)) throw err;
    return { ok: false, reason: err.message, id: header.id, qr: header.qr };
  }
}

function readHeader(buf: Buffer): DnsHeader {
  const flags = buf.readUInt16BE(2);
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
  };
}

function need(buf: Buffer, offset: number, length: number): void {
  if (offset + length > buf.length) throw new MalformedMessage(`truncated at byte ${offset}`);
}

/**
 * Reads a possibly compressed name at `offset`; `end` is where the record continues.
 * Pointers must point strictly backwards, which rules out loops.
 */
export function readName(buf: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let wireLength = 1;
  let at = offset;
  let end: number | undefined;
  for (;;) {
    need(buf, at, 1);
    const len = buf[at]!;
    if (len === 0) {
      end ??= at + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      need(buf, at, 2);
      const target = buf.readUInt16BE(at) & 0x3fff;
      if (target >= at) throw new MalformedMessage(`name compression pointer at byte ${at} does not point backwards`);
      end ??= at + 2;
      at = target;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new MalformedMessage(`unsupported label type 0x${len.toString(16)} at byte ${at}`);
    need(buf, at + 1, len);
    wireLength += len + 1;
    if (wireLength > MAX_NAME_WIRE_LENGTH) throw new MalformedMessage(`name at byte ${offset} is longer than 255 bytes`);
    labels.push(escapeLabel(buf.toString('latin1', at + 1, at + 1 + len)));
    at += len + 1;
  }
  return { name: labels.join('.'), end };
}

const escapeLabel = (label: string) => label.replace(/[.\\]/g, (c) => `\\${c}`);

function splitName(name: string): string[] {
  if (name === '.') return [];
  const labels: string[] = [];
  let label = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '\\' && i + 1 < name.length) label += name[++i];
    else if (c === '.') {
      labels.push(label);
      label = '';
    } else label += c;
  }
  // an unescaped trailing dot names the same name
  if (label !== '') labels.push(label);
  return labels;
}

/** DNS compares names case-insensitively in ASCII only (RFC 4343); the trailing dot is dropped. */
export function canonicalName(name: string): string {
  const trimmed = /(^|[^\\])(\\\\)*\.$/.test(name) ? name.slice(0, -1) : name;
  return trimmed.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** Writes a response message, compressing repeated name suffixes as RFC 1035 §4.1.4 describes. */
class MessageWriter {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private readonly suffixes = new Map<string, number>();

  u8(v: number): void {
    this.bytes(Buffer.of(v));
  }

  u16(v: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v);
    this.bytes(b);
  }

  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    this.bytes(b);
  }

  /** Reserves two bytes and returns a setter for them, for lengths known only later. */
  u16Later(): (v: number) => void {
    const b = Buffer.alloc(2);
    this.bytes(b);
    return (v) => b.writeUInt16BE(v);
  }

  bytes(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  get size(): number {
    return this.length;
  }

  name(name: string): void {
    const labels = splitName(name);
    let wireLength = 1;
    for (let i = 0; i < labels.length; i++) {
      const label = Buffer.from(labels[i]!, 'latin1');
      if (label.length === 0 || label.length > MAX_LABEL_LENGTH) {
        throw new EngineError('invalid_argument', `dns: label ${i + 1} of name ${JSON.stringify(name)} is empty or longer than 63 bytes`);
      }
      wireLength += label.length + 1;
      if (wireLength > MAX_NAME_WIRE_LENGTH) throw new EngineError('invalid_argument', `dns: name ${JSON.stringify(name)} is too long`);
      const key = canonicalName(labels.slice(i).map(escapeLabel).join('.'));
      const known = this.suffixes.get(key);
      if (known !== undefined) {
        this.u16(0xc000 | known);
        return;
      }
      if (this.length < 0x4000) this.suffixes.set(key, this.length);
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

interface HeaderFields {
  id: number;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  cd: boolean;
  rcode: number;
  counts: [number, number, number, number];
}

function writeHeader(w: MessageWriter, h: HeaderFields): void {
  // QR=1 and RA=1 always: we only write responses, and we recurse for clients
  const flags =
    0x8000 | ((h.opcode & 0xf) << 11) | (h.aa ? 0x0400 : 0) | (h.tc ? 0x0200 : 0) | (h.rd ? 0x0100 : 0) | 0x0080 | (h.cd ? 0x0010 : 0) | (h.rcode & 0xf);
  w.u16(h.id);
  w.u16(flags);
  for (const c of h.counts) w.u16(c);
}

/** A response to `query`: same id, opcode, RD and CD, its questions echoed, RA set. */
export function encodeDnsResponse(query: DnsMessage, o: DnsResponseOptions): Buffer {
  const full = encodeResponse(query, o, false);
  if (o.maxSize === undefined || full.length <= o.maxSize) return full;
  return encodeResponse(query, o, true);
}

function encodeResponse(query: DnsMessage, o: DnsResponseOptions, truncated: boolean): Buffer {
  const answers = truncated ? [] : (o.answers ?? []);
  const w = new MessageWriter();
  const edns = o.ednsUdpSize !== undefined;
  writeHeader(w, {
    id: query.header.id,
    opcode: query.header.opcode,
    aa: o.authoritative ?? false,
    tc: truncated,
    rd: query.header.rd,
    cd: query.header.cd,
    rcode: o.rcode,
    counts: [query.questions.length, answers.length, 0, edns ? 1 : 0],
  });
  for (const q of query.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const a of answers) writeAnswer(w, a);
  if (edns) {
    w.u8(0); // root owner name
    w.u16(DnsType.OPT);
    w.u16(Math.max(CLASSIC_UDP_SIZE, Math.min(0xffff, o.ednsUdpSize!)));
    w.u32(0); // extended rcode 0, version 0, no DO bit
    w.u16(0);
  }
  return w.finish();
}

function writeAnswer(w: MessageWriter, a: DnsAnswer): void {
  w.name(a.name);
  if (a.kind === 'A') {
    if (!isIPv4(a.ipv4)) throw new EngineError('invalid_argument', `dns: ${JSON.stringify(a.ipv4)} is not an IPv4 address`);
    w.u16(DnsType.A);
    w.u16(DnsClass.IN);
    w.u32(a.ttl);
    w.u16(4);
    w.bytes(Buffer.from(a.ipv4.split('.').map(Number)));
    return;
  }
  w.u16(DnsType.PTR);
  w.u16(DnsClass.IN);
  w.u32(a.ttl);
  // rdlength is known only after the (possibly compressed) target name is written
  const setLength = w.u16Later();
  const start = w.size;
  w.name(a.target);
  setLength(w.size - start);
}

/** A header-only answer, for messages too broken to echo (FORMERR) or without usable questions. */
export function encodeDnsFailure(id: number, rcode: number, o: { opcode?: number; rd?: boolean } = {}): Buffer {
  const w = new MessageWriter();
  writeHeader(w, { id, opcode: o.opcode ?? 0, aa: false, tc: false, rd: o.rd ?? false, cd: false, rcode, counts: [0, 0, 0, 0] });
  return w.finish();
}

/** A copy of `message` carrying `id`, for relaying an upstream's answer or re-sending a client's query. */
export function withMessageId(message: Buffer, id: number): Buffer {
  const copy = Buffer.from(message);
  copy.writeUInt16BE(id, 0);
  return copy;
}

/** The EDNS UDP payload size a query advertises, or undefined when it has no OPT record. */
export function ednsUdpSize(message: DnsMessage): number | undefined {
  const opt = message.additionals.find((r) => r.type === DnsType.OPT);
  return opt === undefined ? undefined : opt.class;
}

/** The largest UDP answer to send for `query`: what the client advertises, within [512, SERVER_EDNS_UDP_SIZE]. */
export function udpAnswerLimit(query: DnsMessage): number {
  return Math.max(CLASSIC_UDP_SIZE, Math.min(ednsUdpSize(query) ?? 0, SERVER_EDNS_UDP_SIZE));
}
