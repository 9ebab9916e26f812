import type { DnsRecords } from './dns-records.js';
import {
  canonicalName,
  DnsClass,
  DnsRcode,
  DnsType,
  ednsUdpSize,
  encodeDnsResponse,
  SERVER_EDNS_UDP_SIZE,
  udpAnswerLimit,
  type DnsAnswer,
  type DnsMessage,
} from './dns-message.js';
import { reverseNameToIpv4 } from './reverse-name.js';

/** Docker's embedded DNS uses 600 s for container records. */
export const LOCAL_TTL = 600;

/**
 * Answers a one-question QUERY from the network's own records, or returns undefined
 * when the name is not ours and the query must be forwarded.
 * `transport` bounds the size: over UDP we truncate (TC) to what the client accepts.
 */
export function answerLocally(query: DnsMessage, records: DnsRecords, transport: 'udp' | 'tcp', client = ''): Buffer | undefined {
  const q = query.questions[0];
  if (q === undefined || (q.class !== DnsClass.IN && q.class !== DnsClass.ANY)) return undefined;
  const name = canonicalName(q.name);
  const answers =
    (q.type === DnsType.PTR ? reverseAnswers(q.name, name, records, client) : undefined) ?? addressAnswers(q.name, name, q.type, records, client);
  if (answers === undefined) return undefined;
  return encodeDnsResponse(query, {
    rcode: DnsRcode.NOERROR,
    answers,
    authoritative: true,
    ...(ednsUdpSize(query) !== undefined && { ednsUdpSize: SERVER_EDNS_UDP_SIZE }),
    maxSize: transport === 'tcp' ? 0xffff : udpAnswerLimit(query),
  });
}

function addressAnswers(asked: string, name: string, type: number, records: DnsRecords, client: string): DnsAnswer[] | undefined {
  const addresses = records.lookup(name, client);
  if (addresses === undefined) return undefined;
  // a name we own has only A records: AAAA and the rest get NOERROR without answers
  if (type !== DnsType.A && type !== DnsType.ANY) return [];
  return addresses.map((ipv4) => ({ kind: 'A', name: asked, ttl: LOCAL_TTL, ipv4 }));
}

function reverseAnswers(asked: string, name: string, records: DnsRecords, client: string): DnsAnswer[] | undefined {
  const ipv4 = reverseNameToIpv4(name);
  const target = ipv4 === undefined ? undefined : records.reverse?.(ipv4, client);
  if (target === undefined) return undefined;
  return [{ kind: 'PTR', name: asked, ttl: LOCAL_TTL, target }];
}
