import type { IpamConfig } from '../../client/types/network-types.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { stringMap } from '../options/string-map.js';

export const networkCreate: CommandSpec = {
  usage: '[OPTIONS] NETWORK',
  description: 'Create a network',
  flags: [
    { long: 'attachable', kind: 'bool', description: 'Enable manual container attachment' },
    { long: 'aux-address', kind: 'list', type: 'map', description: 'Auxiliary IPv4 or IPv6 addresses used by Network driver', defaultText: 'map[]' },
    { long: 'config-from', kind: 'value', type: 'string', description: 'The network from which to copy the configuration' },
    { long: 'config-only', kind: 'bool', description: 'Create a configuration only network' },
    { long: 'driver', short: 'd', kind: 'value', type: 'string', description: 'Driver to manage the Network', defaultText: '"bridge"' },
    { long: 'gateway', kind: 'list', type: 'strings', description: 'IPv4 or IPv6 Gateway for the master subnet' },
    { long: 'ingress', kind: 'bool', description: 'Create swarm routing-mesh network' },
    { long: 'internal', kind: 'bool', description: 'Restrict external access to the network' },
    { long: 'ip-range', kind: 'list', type: 'strings', description: 'Allocate container ip from a sub-range' },
    { long: 'ipam-driver', kind: 'value', type: 'string', description: 'IP Address Management Driver', defaultText: '"default"' },
    { long: 'ipam-opt', kind: 'list', type: 'map', description: 'Set IPAM driver specific options', defaultText: 'map[]' },
    { long: 'ipv4', kind: 'bool', description: 'Enable or disable IPv4 address assignment', defaultText: 'true' },
    { long: 'ipv6', kind: 'bool', description: 'Enable or disable IPv6 address assignment' },
    { long: 'label', kind: 'list', type: 'list', description: 'Set metadata on a network' },
    { long: 'opt', short: 'o', kind: 'list', type: 'map', description: 'Set driver specific options', defaultText: 'map[]' },
    { long: 'scope', kind: 'value', type: 'string', description: "Control the network's scope" },
    { long: 'subnet', kind: 'list', type: 'strings', description: 'Subnet in CIDR format that represents a network segment' },
  ],
  args: { exact: 1 },
  async run(ctx, args) {
    const configFrom = args.value('config-from');
    const res = await ctx.client.networks.create({
      Driver: args.value('driver') ?? 'bridge',
      Scope: args.value('scope') ?? '',
      // docker sends the IP family switches only when they were given on the command line
      ...(args.has('ipv4') ? { EnableIPv4: args.bool('ipv4', true) } : {}),
      ...(args.has('ipv6') ? { EnableIPv6: args.bool('ipv6') } : {}),
      IPAM: {
        Driver: args.value('ipam-driver') ?? 'default',
        Options: stringMap(args.list('ipam-opt')),
        Config: ipamConfigs(args.list('subnet'), args.list('ip-range'), args.list('gateway'), stringMap(args.list('aux-address'))),
      },
      Internal: args.bool('internal'),
      Attachable: args.bool('attachable'),
      Ingress: args.bool('ingress'),
      ConfigOnly: args.bool('config-only'),
      ConfigFrom: configFrom ? { Network: configFrom } : null,
      Options: stringMap(args.list('opt')),
      Labels: stringMap(args.list('label')),
      Name: args.positionals[0]!,
    });
    ctx.out(`${res.Id}\n`);
  },
};

/**
 * docker's consolidateIpam: one pool per subnet; each --ip-range, --gateway and --aux-address
 * goes to the subnet containing it. Addresses are compared as IPv4 prefixes; anything else is
 * refused with docker's messages.
 */
export function ipamConfigs(subnets: string[], ranges: string[], gateways: string[], aux: Record<string, string>): IpamConfig[] {
  if (subnets.length < ranges.length || subnets.length < gateways.length) throw new CliError('every ip-range or gateway must have a corresponding subnet');
  const pools: IpamConfig[] = subnets.map((s) => ({ Subnet: s }));
  for (let i = 0; i < subnets.length; i++) {
    for (let j = i + 1; j < subnets.length; j++) {
      if (overlaps(subnets[i]!, subnets[j]!)) throw new CliError(`multiple overlapping subnet configuration is not supported`);
    }
  }
  const owner = (what: string, addr: string): IpamConfig => {
    const pool = pools.find((p) => contains(p.Subnet!, addr.includes('/') ? addr.slice(0, addr.indexOf('/')) : addr));
    if (!pool) throw new CliError(`no matching subnet for ${what} ${addr}`);
    return pool;
  };
  for (const r of ranges) {
    const pool = owner('range', r);
    if (pool.IPRange) throw new CliError(`cannot configure multiple ranges (${r}, ${pool.IPRange}) on the same subnet (${pool.Subnet})`);
    pool.IPRange = r;
  }
  for (const g of gateways) {
    const pool = owner('gateway', g);
    if (pool.Gateway) throw new CliError(`cannot configure multiple gateways (${g}, ${pool.Gateway}) for the same subnet (${pool.Subnet})`);
    pool.Gateway = g;
  }
  for (const [key, addr] of Object.entries(aux)) {
    const pool = owner('aux-address', addr);
    pool.AuxiliaryAddresses = { ...pool.AuxiliaryAddresses, [key]: addr };
  }
  // Keys in the order docker's IPAMConfig declares them.
  return pools.map((p) => ({ Subnet: p.Subnet!, ...(p.IPRange ? { IPRange: p.IPRange } : {}), ...(p.Gateway ? { Gateway: p.Gateway } : {}),
    ...(p.AuxiliaryAddresses ? { AuxiliaryAddresses: p.AuxiliaryAddresses } : {}) }));
}

function parseCidr(cidr: string): { base: bigint; bits: number; width: number } {
  const [addr = '', len] = cidr.split('/');
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(addr);
  if (v4) {
    const base = v4.slice(1).reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n);
    return { base, bits: len === undefined ? 32 : Number(len), width: 32 };
  }
  const groups = expandV6(addr);
  if (!groups) throw new CliError(`invalid CIDR address: ${cidr}`);
  return { base: groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n), bits: len === undefined ? 128 : Number(len), width: 128 };
}

function expandV6(addr: string): string[] | undefined {
  if (!addr.includes(':')) return undefined;
  const [head = '', tail] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  const all = [...h, ...fill, ...t];
  return all.length === 8 ? all : undefined;
}

function contains(cidr: string, addr: string): boolean {
  const net = parseCidr(cidr);
  const ip = parseCidr(addr);
  if (net.width !== ip.width) return false;
  const shift = BigInt(net.width - net.bits);
  return net.base >> shift === ip.base >> shift;
}

function overlaps(a: string, b: string): boolean {
  return contains(a, b.split('/')[0]!) || contains(b, a.split('/')[0]!);
}
