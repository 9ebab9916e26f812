import type { EndpointSettings } from '../../client/types/network-types.js';
import type { CommandSpec } from '../command-spec.js';
import { parseIpAddress } from '../options/host-specs.js';
import { stringMap } from '../options/string-map.js';

export const networkConnect: CommandSpec = {
  usage: '[OPTIONS] NETWORK CONTAINER',
  description: 'Connect a container to a network',
  flags: [
    { long: 'alias', kind: 'list', type: 'strings', description: 'Add network-scoped alias for the container' },
    { long: 'driver-opt', kind: 'list', type: 'strings', description: 'driver options for the network' },
    { long: 'gw-priority', kind: 'value', type: 'int', description: 'Highest gw-priority provides the default gateway. Accepts positive and negative values.',
      parse: (v: string) => { if (!/^[-+]?\d+$/.test(v)) throw new Error('strconv.ParseInt: parsing ' + JSON.stringify(v) + ': invalid syntax'); return Number(v); } },
    { long: 'ip', kind: 'value', type: 'ip', description: 'IPv4 address (e.g., "172.30.100.104")', parse: parseIpAddress },
    { long: 'ip6', kind: 'value', type: 'ip', description: 'IPv6 address (e.g., "2001:db8::33")', parse: parseIpAddress },
    { long: 'link', kind: 'list', type: 'list', description: 'Add link to another container' },
    { long: 'link-local-ip', kind: 'list', type: 'strings', description: 'Add a link-local address for the container' },
  ],
  args: { exact: 2 },
  async run(ctx, args) {
    const [network = '', container = ''] = args.positionals;
    const ipv4 = args.value('ip');
    const ipv6 = args.value('ip6');
    const linkLocal = args.list('link-local-ip');
    const links = args.list('link');
    const endpoint: EndpointSettings = {
      IPAMConfig: { ...(ipv4 ? { IPv4Address: ipv4 } : {}), ...(ipv6 ? { IPv6Address: ipv6 } : {}), ...(linkLocal.length ? { LinkLocalIPs: linkLocal } : {}) },
      Links: links.length ? links : null,
      Aliases: args.list('alias'),
      MacAddress: '',
      DriverOpts: stringMap(args.list('driver-opt')),
      GwPriority: args.value<number>('gw-priority') ?? 0,
      NetworkID: '', EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, IPv6Gateway: '',
      GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DNSNames: null,
    };
    await ctx.client.networks.connect(network, container, endpoint);
  },
};
