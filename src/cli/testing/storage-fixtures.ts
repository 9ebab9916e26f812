import type { ScriptedDaemon } from './scripted-daemon.js';

/**
 * Canned answers for the volume, network and system df/prune commands, shared by their CLI
 * tests. The expected outputs in those tests were produced by the docker 28.2 CLI against a
 * scripted daemon serving exactly these answers. Times are relative to `now` (seconds) so the
 * "... ago" columns are stable.
 */
export function scriptStorageDaemon(d: ScriptedDaemon, now: number): ScriptedDaemon {
  const vol = (n: string, extra: Record<string, unknown> = {}) => ({
    CreatedAt: '2024-01-02T03:04:05Z', Driver: 'local', Labels: { a: 'b' }, Mountpoint: `/var/lib/docker/volumes/${n}/_data`, Name: n,
    Options: null, Scope: 'local', ...extra,
  });
  const net = (n: string, id: string, extra: Record<string, unknown> = {}) => ({
    Name: n, Id: id, Created: '2024-01-02T03:04:05.123456789Z', Scope: 'local', Driver: 'bridge', EnableIPv4: true, EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '172.18.0.0/16', Gateway: '172.18.0.1' }] }, Internal: false,
    Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {}, Options: {}, Labels: {}, ...extra,
  });
  d.route('POST /volumes/create', (req, res) => {
    const b = JSON.parse(req.body.toString() || '{}') as { Name?: string };
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(vol(b.Name || 'generated')));
  });
  d.json('GET /volumes', 200, { Volumes: [vol('zeta', { Labels: { z: '1', a: 'b' } }), vol('alpha10'), vol('alpha9', { Labels: null })], Warnings: null });
  d.json('GET /volumes/ghost', 404, { message: 'get ghost: no such volume' });
  d.json('GET /volumes/*', 200, vol('alpha'));
  d.json('DELETE /volumes/ghost', 404, { message: 'get ghost: no such volume' });
  d.json('DELETE /volumes/*', 204, undefined);
  d.json('POST /volumes/prune', 200, { VolumesDeleted: ['v1', 'v2'], SpaceReclaimed: 12345 });
  d.json('GET /networks', 200, [net('bridge', 'a'.repeat(64)), net('mynet10', 'b'.repeat(64), { Labels: { k: 'v' }, Internal: true }),
    net('mynet9', 'c'.repeat(64), { EnableIPv6: true })]);
  d.json('GET /networks/ghost', 404, { message: 'network ghost not found' });
  d.json('GET /networks/*', 200, net('mynet', 'b'.repeat(64)));
  d.json('POST /networks/create', 201, { Id: 'd'.repeat(64), Warning: '' });
  d.json('DELETE /networks/ghost', 404, { message: 'network ghost not found' });
  d.json('DELETE /networks/*', 204, undefined);
  d.json('POST /networks/prune', 200, { NetworksDeleted: ['n1', 'n2'] });
  d.json('POST /networks/*/connect', 200, undefined);
  d.json('POST /networks/*/disconnect', 200, undefined);
  d.json('POST /containers/prune', 200, { ContainersDeleted: ['c1'], SpaceReclaimed: 100 });
  d.json('POST /images/prune', 200, { ImagesDeleted: [{ Untagged: 'x:latest' }, { Deleted: 'sha256:1' }], SpaceReclaimed: 2000 });
  d.json('POST /build/prune', 200, { CachesDeleted: null, SpaceReclaimed: 0 });
  const img = (id: string, tags: string[], size: number, shared: number, containers: number, created: number) => ({
    Id: `sha256:${id.repeat(64)}`, ParentId: '', RepoTags: tags, RepoDigests: [], Created: created, Size: size, SharedSize: shared,
    Labels: {}, Containers: containers,
  });
  const ctr = (id: string, name: string, state: string, status: string, sizeRw: number, created: number, mounts: unknown[] = []) => ({
    Id: id.repeat(64), Names: [`/${name}`], Image: 'busybox', ImageID: `sha256:${'1'.repeat(64)}`, Command: "sh -c 'sleep 1000 && echo done'",
    Created: created, Ports: [], SizeRw: sizeRw, SizeRootFs: sizeRw + 2_000_000, Labels: {}, State: state, Status: status,
    HostConfig: { NetworkMode: 'default' }, NetworkSettings: { Networks: {} }, Mounts: mounts,
  });
  d.json('GET /system/df', 200, {
    LayersSize: 3_500_000,
    Images: [img('1', ['busybox:latest', 'busybox:1'], 2_000_000, 2_000_000, 2, now - 5 * 3600),
      img('2', ['app:v1'], 3_500_000, 2_000_000, 0, now - 3 * 86400), img('3', [], 2_100_000, 2_000_000, 0, now - 600)],
    Containers: [ctr('a', 'web', 'running', 'Up 2 hours', 0, now - 7200, [{ Type: 'volume', Name: 'data', Driver: 'local', Source: '/x', Destination: '/data' }]),
      ctr('b', 'job', 'exited', 'Exited (0) 1 hour ago', 102_400, now - 7300)],
    Volumes: [vol('data', { UsageData: { Size: 51_200, RefCount: 1 } }), vol('unused', { UsageData: { Size: 1_000, RefCount: 0 } })],
    BuildCache: [],
  });
  return d;
}
