/**
 * The names one network's embedded DNS server answers itself: container names,
 * network aliases and short ids of the containers attached to that network.
 * Implementations are called on every query, so they must be cheap and in memory;
 * a throw is answered with SERVFAIL. `client` is the asking address: a container on several
 * networks asks one server but may name a container it shares another network with.
 */
export interface DnsRecords {
  /**
   * IPv4 addresses for a name this network owns, or undefined to forward the query upstream.
   * `name` arrives lowercased (ASCII) without a trailing dot. An empty array still claims
   * the name: the client gets NOERROR with no answers.
   */
  lookup(name: string, client: string): string[] | undefined;
  /** The name to answer a PTR query for a container's IPv4 with, or undefined to forward it. */
  reverse?(ipv4: string, client: string): string | undefined;
}
