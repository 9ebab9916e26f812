/**
 * The domain model of networks and of a container's place on them. Docker's wire shapes
 * (NetworkResource, EndpointSettings, PortBindings) are mapped to and from these in
 * api/dockercompat.
 */

/** `bridge` networks are real; `host` and `null` are the predefined pseudo-networks. */
export type NetworkDriverName = 'bridge' | 'host' | 'null';

export interface IpamPoolConfig {
  /** CIDR, e.g. `172.18.0.0/16`. */
  subnet: string;
  /** The bridge's own address in the subnet. */
  gateway: string;
  /** A CIDR inside the subnet that container addresses are taken from; empty = the whole subnet. */
  ipRange: string;
}

export interface NetworkRecord {
  id: string;
  name: string;
  driver: NetworkDriverName;
  created: string;
  internal: boolean;
  attachable: boolean;
  labels: Record<string, string>;
  /** Driver options as given (`com.docker.network.bridge.name`, ...). */
  options: Record<string, string>;
  /** IPv4 only, one pool, as berth's bridge driver supports. Empty for host/null. */
  ipam: IpamPoolConfig[];
  /** The host's bridge device; empty for host/null. */
  bridge: string;
  /** The predefined `bridge` network: no name resolution, as Docker's default bridge. */
  isDefaultBridge: boolean;
  /** The bridge existed before the network (`-o com.docker.network.bridge.name=br0`): used, never deleted. */
  adoptedBridge?: boolean;
}

/** What the user asked for on one network (`--network-alias`, `--ip`, `--mac-address`). */
export interface EndpointRequest {
  /** The network's id. */
  networkId: string;
  aliases: string[];
  /** A static IPv4 address; empty = one from the pool. */
  ipv4Address: string;
  macAddress: string;
  /** `--link name:alias` (default bridge only). */
  links: string[];
}

/** An endpoint while its container runs: what the driver configured. */
export interface EndpointState {
  networkId: string;
  endpointId: string;
  ipAddress: string;
  prefixLength: number;
  gateway: string;
  macAddress: string;
  /** The host end of the veth pair. */
  hostInterface: string;
  /** The interface inside the container (eth0, eth1, ...). */
  ifName: string;
}

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

/** One `-p` request: container port to a host address and port (0 = any free port) or port range. */
export interface PortBindingRequest {
  containerPort: number;
  protocol: PortProtocol;
  hostIp: string;
  /** First and last host port to choose from; [0, 0] = a free ephemeral port. */
  hostPortRange: [number, number];
}

/** A published port as it is while the container runs. */
export interface PublishedPort {
  containerPort: number;
  protocol: PortProtocol;
  hostIp: string;
  hostPort: number;
}
