import { endianness } from 'node:os';
import { NLA_TYPE_MASK, NLMSG, NLMSGERR_ATTR, NLM_F } from './rtnetlink-constants.js';

/**
 * The netlink wire format, pure: encode requests, split a receive buffer into messages,
 * decode the fixed headers and attributes of rtnetlink replies. No I/O here.
 *
 * Netlink integers are in the host's byte order (addresses inside attributes are raw bytes
 * in network order, as the kernel keeps them). Every message and attribute starts on a
 * 4-byte boundary; lengths count the header but not the trailing padding.
 */

const LE = endianness() === 'LE';
const NLMSG_HDRLEN = 16;
const NLA_HDRLEN = 4;

export const align4 = (n: number): number => (n + 3) & ~3;

/**
 * One attribute to encode. `nested` children follow an optional `prefix` (VETH_INFO_PEER carries
 * an ifinfomsg before its attributes). The type goes out as given: OR in NLA_F_NESTED where the
 * kernel insists on it (IFLA_PROTINFO); iproute2 leaves it off everywhere else, and so do we.
 */
export type NetlinkAttr =
  | { type: number; data: Uint8Array }
  | { type: number; nested: NetlinkAttr[]; prefix?: Uint8Array };

export interface NetlinkHeader {
  type: number;
  flags: number;
  seq: number;
  pid?: number;
}

/** A received message; `payload` is everything after the 16-byte header (a view, not a copy). */
export interface NetlinkMessage {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  payload: Buffer;
}

export const u8Attr = (type: number, value: number): NetlinkAttr => ({ type, data: Uint8Array.of(value) });

export function u32Attr(type: number, value: number): NetlinkAttr {
  const data = Buffer.alloc(4);
  writeU32(data, 0, value);
  return { type, data };
}

/** A C string with its NUL, as the kernel expects for names (IFLA_IFNAME). */
export const stringAttr = (type: number, value: string): NetlinkAttr => ({ type, data: Buffer.from(`${value}\0`) });

export const bytesAttr = (type: number, data: Uint8Array): NetlinkAttr => ({ type, data });

export const nestedAttr = (type: number, nested: NetlinkAttr[], prefix?: Uint8Array): NetlinkAttr =>
  prefix ? { type, nested, prefix } : { type, nested };

/** struct ifinfomsg (16 bytes). `change` selects which `flags` bits the kernel applies. */
export function ifInfoMsg(m: { family?: number; type?: number; index?: number; flags?: number; change?: number } = {}): Buffer {
  const b = Buffer.alloc(16);
  b[0] = m.family ?? 0;
  writeU16(b, 2, m.type ?? 0);
  writeI32(b, 4, m.index ?? 0);
  writeU32(b, 8, m.flags ?? 0);
  writeU32(b, 12, m.change ?? 0);
  return b;
}

/** struct ifaddrmsg (8 bytes). */
export function ifAddrMsg(m: { family: number; prefixLength: number; flags?: number; scope?: number; index: number }): Buffer {
  const b = Buffer.alloc(8);
  b[0] = m.family;
  b[1] = m.prefixLength;
  b[2] = m.flags ?? 0;
  b[3] = m.scope ?? 0;
  writeU32(b, 4, m.index);
  return b;
}

/** struct rtmsg (12 bytes). */
export function rtMsg(m: {
  family: number; dstLength: number; srcLength?: number; tos?: number; table: number;
  protocol: number; scope: number; type: number; flags?: number;
}): Buffer {
  const b = Buffer.alloc(12);
  b.set([m.family, m.dstLength, m.srcLength ?? 0, m.tos ?? 0, m.table, m.protocol, m.scope, m.type]);
  writeU32(b, 8, m.flags ?? 0);
  return b;
}

/** Size of the encoded attributes, padding included. */
function attrsLength(attrs: NetlinkAttr[]): number {
  let n = 0;
  for (const a of attrs) n += align4(attrLength(a));
  return n;
}

/** nla_len of one attribute: header + payload, without the trailing pad. */
function attrLength(a: NetlinkAttr): number {
  if ('data' in a) return NLA_HDRLEN + a.data.length;
  return NLA_HDRLEN + align4(a.prefix?.length ?? 0) + attrsLength(a.nested);
}

function writeAttrs(buf: Buffer, offset: number, attrs: NetlinkAttr[]): number {
  for (const a of attrs) {
    const len = attrLength(a);
    if (len > 0xffff) throw new RangeError(`netlink attribute ${a.type} too long (${len} bytes)`);
    writeU16(buf, offset, len);
    writeU16(buf, offset + 2, a.type);
    let at = offset + NLA_HDRLEN;
    if ('data' in a) {
      buf.set(a.data, at);
    } else {
      if (a.prefix) {
        buf.set(a.prefix, at);
        at += align4(a.prefix.length);
      }
      writeAttrs(buf, at, a.nested);
    }
    offset += align4(len);
  }
  return offset;
}

/** The attributes alone, padded, as they sit after a fixed header. */
export function encodeAttrs(attrs: NetlinkAttr[]): Buffer {
  const buf = Buffer.alloc(attrsLength(attrs));
  writeAttrs(buf, 0, attrs);
  return buf;
}

/** One complete message: nlmsghdr, the fixed family header (`body`), then attributes. */
export function encodeMessage(h: NetlinkHeader, body: Uint8Array, attrs: NetlinkAttr[] = []): Buffer {
  const bodyLength = align4(body.length);
  const len = NLMSG_HDRLEN + bodyLength + attrsLength(attrs);
  const buf = Buffer.alloc(len);
  writeU32(buf, 0, len);
  writeU16(buf, 4, h.type);
  writeU16(buf, 6, h.flags);
  writeU32(buf, 8, h.seq);
  writeU32(buf, 12, h.pid ?? 0);
  buf.set(body, NLMSG_HDRLEN);
  writeAttrs(buf, NLMSG_HDRLEN + bodyLength, attrs);
  return buf;
}

/** Splits one datagram (which may hold several messages of a multi-part dump) into messages. */
export function parseMessages(buf: Buffer): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  let at = 0;
  while (at + NLMSG_HDRLEN <= buf.length) {
    const len = readU32(buf, at);
    if (len < NLMSG_HDRLEN || at + len > buf.length) {
      throw new RangeError(`malformed netlink message at offset ${at}: length ${len}, ${buf.length - at} bytes left`);
    }
    out.push({
      type: readU16(buf, at + 4),
      flags: readU16(buf, at + 6),
      seq: readU32(buf, at + 8),
      pid: readU32(buf, at + 12),
      payload: buf.subarray(at + NLMSG_HDRLEN, at + len),
    });
    at += align4(len);
  }
  return out;
}

/**
 * Attributes by type (flag bits masked off); the value is a view of the payload without
 * padding. A nested attribute's value is parsed again with this function.
 */
export function parseAttrs(buf: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let at = 0;
  while (at + NLA_HDRLEN <= buf.length) {
    const len = readU16(buf, at);
    if (len < NLA_HDRLEN || at + len > buf.length) {
      throw new RangeError(`malformed netlink attribute at offset ${at}: length ${len}, ${buf.length - at} bytes left`);
    }
    const type = readU16(buf, at + 2) & NLA_TYPE_MASK;
    if (!out.has(type)) out.set(type, buf.subarray(at + NLA_HDRLEN, at + len));
    at += align4(len);
  }
  return out;
}

export interface IfInfoMessage {
  family: number;
  type: number;
  index: number;
  flags: number;
  change: number;
  attrs: Map<number, Buffer>;
}

export function decodeIfInfoMsg(payload: Buffer): IfInfoMessage {
  need(payload, 16, 'ifinfomsg');
  return {
    family: payload[0]!,
    type: readU16(payload, 2),
    index: readI32(payload, 4),
    flags: readU32(payload, 8),
    change: readU32(payload, 12),
    attrs: parseAttrs(payload.subarray(16)),
  };
}

export interface IfAddrMessage {
  family: number;
  prefixLength: number;
  flags: number;
  scope: number;
  index: number;
  attrs: Map<number, Buffer>;
}

export function decodeIfAddrMsg(payload: Buffer): IfAddrMessage {
  need(payload, 8, 'ifaddrmsg');
  return {
    family: payload[0]!,
    prefixLength: payload[1]!,
    flags: payload[2]!,
    scope: payload[3]!,
    index: readU32(payload, 4),
    attrs: parseAttrs(payload.subarray(8)),
  };
}

export interface RtMessage {
  family: number;
  dstLength: number;
  srcLength: number;
  tos: number;
  table: number;
  protocol: number;
  scope: number;
  type: number;
  flags: number;
  attrs: Map<number, Buffer>;
}

export function decodeRtMsg(payload: Buffer): RtMessage {
  need(payload, 12, 'rtmsg');
  return {
    family: payload[0]!,
    dstLength: payload[1]!,
    srcLength: payload[2]!,
    tos: payload[3]!,
    table: payload[4]!,
    protocol: payload[5]!,
    scope: payload[6]!,
    type: payload[7]!,
    flags: readU32(payload, 8),
    attrs: parseAttrs(payload.subarray(12)),
  };
}

/**
 * An NLMSG_ERROR payload: `errno` is positive (0 = the ACK of a successful request);
 * `message` is the kernel's extended-ack text when the socket asked for it (NETLINK_EXT_ACK).
 */
export function decodeError(msg: NetlinkMessage): { errno: number; message?: string } {
  need(msg.payload, 4 + NLMSG_HDRLEN, 'nlmsgerr');
  const errno = negate(readI32(msg.payload, 0));
  if (!(msg.flags & NLM_F.ACK_TLVS)) return { errno };
  // Without NLM_F_CAPPED the kernel echoes the whole request before the TLVs.
  const echoed = msg.flags & NLM_F.CAPPED ? NLMSG_HDRLEN : readU32(msg.payload, 4);
  const text = parseAttrs(msg.payload.subarray(4 + align4(echoed))).get(NLMSGERR_ATTR.MSG);
  return text ? { errno, message: readString(text) } : { errno };
}

/** The `int error` of an NLMSG_DONE (negative when the dump failed part-way). */
export function decodeDone(msg: NetlinkMessage): number {
  return msg.type === NLMSG.DONE && msg.payload.length >= 4 ? negate(readI32(msg.payload, 0)) : 0;
}

/** The kernel sends -errno; 0 stays 0 (not -0). */
const negate = (n: number): number => (n === 0 ? 0 : -n);

export const readU32 = (b: Buffer, at = 0): number => (LE ? b.readUInt32LE(at) : b.readUInt32BE(at));
const readI32 = (b: Buffer, at: number): number => (LE ? b.readInt32LE(at) : b.readInt32BE(at));
const readU16 = (b: Buffer, at: number): number => (LE ? b.readUInt16LE(at) : b.readUInt16BE(at));

/** A NUL-terminated attribute string (the NUL is optional, as in IFLA_INFO_KIND). */
export function readString(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.toString('utf8', 0, nul < 0 ? b.length : nul);
}

function writeU32(b: Buffer, at: number, v: number): void {
  if (LE) b.writeUInt32LE(v >>> 0, at);
  else b.writeUInt32BE(v >>> 0, at);
}

function writeI32(b: Buffer, at: number, v: number): void {
  if (LE) b.writeInt32LE(v, at);
  else b.writeInt32BE(v, at);
}

function writeU16(b: Buffer, at: number, v: number): void {
  if (LE) b.writeUInt16LE(v, at);
  else b.writeUInt16BE(v, at);
}

function need(b: Buffer, n: number, what: string): void {
  if (b.length < n) throw new RangeError(`truncated ${what}: ${b.length} bytes, need ${n}`);
}
