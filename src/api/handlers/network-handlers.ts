import { invalidArgument } from '../../core/engine-error.js';
import type { ContainerService } from '../../engine/containers/container-service.js';
import { NETWORK_LIST_FILTERS, NETWORK_PRUNE_FILTERS, networkMatches } from '../../engine/networks/network-filter.js';
import type { NetworkService } from '../../engine/networks/network-service.js';
import { type ApiHandler, json, noContent } from '../api-types.js';
import { JsonFields } from '../dockercompat/json-fields.js';
import { toEndpointRequest } from '../dockercompat/network-create-fields.js';
import { toNetworkJson } from '../dockercompat/network-json.js';
import { checkFilterKeys, parseFilters, readJsonBody } from '../request-parsing.js';
import type { Router } from '../router.js';

export function addNetworkRoutes(router: Router<ApiHandler>, networks: NetworkService, containers: ContainerService): void {
  const inUse = (id: string) => containers.list().some((c) => (c.endpoints ?? []).some((e) => e.networkId === id));

  router.add('GET', '/networks', async (req) => {
    const filters = parseFilters(req.query.get('filters'));
    checkFilterKeys(filters, NETWORK_LIST_FILTERS);
    return json(networks.list().filter((n) => networkMatches(n, filters, inUse(n.id))).map((n) => toNetworkJson(n)));
  });

  router.add('GET', '/networks/:id', async (req) => {
    const net = networks.inspect(req.params.id!);
    return json(toNetworkJson(net, networks.endpointsOn(net.id)));
  });

  router.add('POST', '/networks/create', async (req) => {
    const body = new JsonFields(await readJsonBody(req.body, req.signal), 'body');
    if (body.bool('EnableIPv6')) throw invalidArgument('IPv6 networks are not supported by berth yet');
    const ipam = body.has('IPAM') ? body.sub('IPAM') : undefined;
    const ipamDriver = ipam?.str('Driver') ?? '';
    if (ipamDriver && ipamDriver !== 'default') throw invalidArgument(`IPAM driver "${ipamDriver}" is not supported: only "default"`);
    const pools = (ipam?.array('Config') ?? []).map((p) => ({
      ...(p.str('Subnet') ? { subnet: p.str('Subnet')! } : {}),
      ...(p.str('Gateway') ? { gateway: p.str('Gateway')! } : {}),
      ...(p.str('IPRange') ? { ipRange: p.str('IPRange')! } : {}),
    }));
    const { id, warning } = await networks.create({
      name: body.str('Name') ?? '',
      driver: body.str('Driver') ?? '',
      internal: body.bool('Internal') ?? false,
      attachable: body.bool('Attachable') ?? false,
      labels: body.strMap('Labels') ?? {},
      options: body.strMap('Options') ?? {},
      ipam: pools,
    });
    return json({ Id: id, Warning: warning }, 201);
  });

  router.add('POST', '/networks/prune', async (req) => {
    const filters = parseFilters(req.query.get('filters'));
    checkFilterKeys(filters, NETWORK_PRUNE_FILTERS);
    const removed = await networks.prune((n) => networkMatches(n, filters, false));
    return json({ NetworksDeleted: removed });
  });

  router.add('DELETE', '/networks/:id', async (req) => {
    await networks.remove(req.params.id!);
    return noContent();
  });

  router.add('POST', '/networks/:id/connect', async (req) => {
    const raw = await readJsonBody(req.body, req.signal);
    const body = new JsonFields(raw, 'body');
    const ref = body.str('Container');
    if (!ref) throw invalidArgument('a container is required');
    const rec = containers.get(ref);
    const ep = toEndpointRequest(req.params.id!, ((raw as Record<string, unknown>)['EndpointConfig'] ?? {}) as Record<string, unknown>);
    await containers.context.locks.run(rec.id, () => networks.connect(req.params.id!, rec, ep));
    return { kind: 'empty', status: 200 };
  });

  router.add('POST', '/networks/:id/disconnect', async (req) => {
    const body = new JsonFields(await readJsonBody(req.body, req.signal), 'body');
    const ref = body.str('Container');
    if (!ref) throw invalidArgument('a container is required');
    const rec = containers.get(ref);
    await containers.context.locks.run(rec.id, () => networks.disconnect(req.params.id!, rec, body.bool('Force') ?? false));
    return { kind: 'empty', status: 200 };
  });
}
