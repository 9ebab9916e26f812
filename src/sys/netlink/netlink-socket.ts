import { AF_NETLINK, closeFd, MSG_TRUNC, recv, sendto, setsockopt, SOCK_CLOEXEC, SOCK_RAW, socket } from '../libc.js';
import { SysError } from '../sys-error.js';
import { decodeDone, decodeError, encodeMessage, type NetlinkAttr, type NetlinkMessage, parseMessages } from './netlink-message.js';
import { NETLINK_OPT, NLMSG, NLM_F, SOL_NETLINK } from './rtnetlink-constants.js';

const SOL_SOCKET = 1;
const SO_RCVTIMEO = 20;
const EAGAIN = 11;
const EMSGSIZE = 90;
const RECV_TIMEOUT_S = 5;
const DUMP_RETRIES = 5;

/**
 * A synchronous netlink socket: each call sends one request and reads the kernel's answer before
 * returning, blocking the calling thread. The kernel answers route requests inside sendmsg and
 * builds each dump part inside recvmsg, so the thread blocks only for the kernel's work; a receive
 * timeout turns a missing answer into EAGAIN instead of a hung daemon.
 *
 * The socket stays in the network namespace it was opened in, whatever the thread does later.
 */
export class NetlinkSocket {
  private fd: number;
  private seq = Math.floor(Math.random() * 0x7fffffff);
  // Dumps come in parts of up to 32 KiB; single replies are smaller.
  private buf = Buffer.alloc(64 * 1024);
  private readonly addr = kernelAddress();

  private constructor(fd: number) {
    this.fd = fd;
  }

  /** Opens a socket of `protocol` (NETLINK_ROUTE, …) in the calling thread's network namespace. */
  static open(protocol: number): NetlinkSocket {
    const fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
    try {
      setsockopt(fd, SOL_NETLINK, NETLINK_OPT.EXT_ACK, int32(1));
      setsockopt(fd, SOL_NETLINK, NETLINK_OPT.CAP_ACK, int32(1));
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval(RECV_TIMEOUT_S));
    } catch (err) {
      closeFd(fd);
      throw err;
    }
    return new NetlinkSocket(fd);
  }

  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    closeFd(fd);
  }

  /**
   * Sends one request with NLM_F_REQUEST|NLM_F_ACK (plus `flags`) and returns the replies the
   * kernel sent before its ACK (none for NEW/DEL/SET, one for a GET by index or name).
   * A negative ACK throws SysError (code = errno name; the detail names `what` and carries the
   * kernel's extended-ack message when it gave one).
   */
  request(what: string, type: number, flags: number, body: Uint8Array, attrs: NetlinkAttr[] = []): NetlinkMessage[] {
    const seq = this.send(type, NLM_F.REQUEST | NLM_F.ACK | flags, body, attrs);
    const replies: NetlinkMessage[] = [];
    for (;;) {
      for (const m of this.receive()) {
        if (m.seq !== seq) continue; // a late answer to an earlier request
        if (m.type === NLMSG.ERROR) {
          const { errno, message } = decodeError(m);
          if (errno === 0) return replies;
          throw failure(what, errno, message);
        }
        replies.push(m);
      }
    }
  }

  /**
   * Runs an NLM_F_DUMP request and returns every message up to NLMSG_DONE. A dump that the
   * kernel marks inconsistent (NLM_F_DUMP_INTR: the table changed under it) is restarted.
   */
  dump(what: string, type: number, body: Uint8Array, attrs: NetlinkAttr[] = []): NetlinkMessage[] {
    for (let attempt = 1; ; attempt++) {
      const seq = this.send(type, NLM_F.REQUEST | NLM_F.ACK | NLM_F.DUMP, body, attrs);
      const out: NetlinkMessage[] = [];
      let interrupted = false;
      let done = false;
      while (!done) {
        for (const m of this.receive()) {
          if (m.seq !== seq || done) continue;
          if (m.flags & NLM_F.DUMP_INTR) interrupted = true;
          if (m.type === NLMSG.DONE) {
            const errno = decodeDone(m);
            if (errno !== 0) throw failure(what, errno);
            done = true;
          } else if (m.type === NLMSG.ERROR) {
            const { errno, message } = decodeError(m);
            if (errno !== 0) throw failure(what, errno, message);
          } else if (m.type !== NLMSG.NOOP) {
            out.push(m);
          }
        }
      }
      if (!interrupted) return out;
      if (attempt === DUMP_RETRIES) throw failure(what, EAGAIN, 'dump kept changing under us');
    }
  }

  private send(type: number, flags: number, body: Uint8Array, attrs: NetlinkAttr[]): number {
    if (this.fd < 0) throw new SysError('sendto', 9 /* EBADF */, undefined, 'netlink socket is closed');
    this.seq = (this.seq + 1) >>> 0;
    const msg = encodeMessage({ type, flags, seq: this.seq }, body, attrs);
    sendto(this.fd, msg, 0, this.addr);
    return this.seq;
  }

  private receive(): NetlinkMessage[] {
    const n = this.recvOnce();
    if (n > this.buf.length) {
      this.buf = Buffer.alloc(align(n)); // lost this datagram; the next request gets a bigger buffer
      throw new SysError('recv', EMSGSIZE, undefined, `netlink reply of ${n} bytes did not fit`);
    }
    // A copy: a dump's messages must outlive the next receive into the shared buffer.
    return parseMessages(Buffer.from(this.buf.subarray(0, n)));
  }

  private recvOnce(): number {
    for (;;) {
      try {
        return recv(this.fd, this.buf, MSG_TRUNC);
      } catch (err) {
        // With SO_RCVTIMEO set, a signal interrupts recv instead of restarting it.
        if (!SysError.is(err, 'EINTR')) throw err;
      }
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function failure(what: string, errno: number, message?: string): SysError {
  return new SysError('rtnetlink', errno, undefined, message ? `${what}: ${message}` : what);
}

// Typed arrays write in host byte order, which is what these kernel structs use.

/** struct sockaddr_nl of the kernel: family AF_NETLINK, port 0, no groups. */
function kernelAddress(): Buffer {
  return Buffer.from(new Uint16Array([AF_NETLINK, 0, 0, 0, 0, 0]).buffer);
}

function int32(v: number): Buffer {
  return Buffer.from(new Int32Array([v]).buffer);
}

/** struct timeval on 64-bit Linux: two longs. */
function timeval(seconds: number): Buffer {
  return Buffer.from(new BigInt64Array([BigInt(seconds), 0n]).buffer);
}

const align = (n: number): number => (n + 4095) & ~4095;
