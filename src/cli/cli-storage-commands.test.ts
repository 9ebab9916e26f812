import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scriptStorageDaemon } from './testing/storage-fixtures.js';
import { runBerth, ScriptedDaemon } from './testing/scripted-daemon.js';

interface Case {
  argv: string[];
  stdin?: string;
  code: number;
  /** "METHOD /path?query" as docker sent them (filters in its legacy `{"k":{"v":true}}` form). */
  calls: string[];
  /** JSON request bodies, in order, as docker sent them. */
  bodies: string[];
  stdout: string;
  stderr: string;
}

// Every expectation below is what the docker 28.2 CLI did against the same scripted daemon
// (storage-fixtures.ts), TZ=UTC. Two deliberate differences, normalised before comparing:
// berth encodes filters as `{"k":["v"]}` (the daemon reads both), and joins labels sorted where
// docker follows Go's random map order.
const CASES: Case[] = [
  {"argv": ["volume", "create"], "code": 0, "calls": ["POST /volumes/create"], "bodies": ["{\"Driver\":\"local\"}"], "stdout": "generated\n", "stderr": ""},
  {"argv": ["volume", "create", "-d", "local", "--label", "k=v", "-o", "type=tmpfs", "-o", "o=size=1m", "myvol"], "code": 0, "calls": ["POST /volumes/create"], "bodies": ["{\"Driver\":\"local\",\"DriverOpts\":{\"o\":\"size=1m\",\"type\":\"tmpfs\"},\"Labels\":{\"k\":\"v\"},\"Name\":\"myvol\"}"], "stdout": "myvol\n", "stderr": ""},
  {"argv": ["volume", "ls"], "code": 0, "calls": ["GET /volumes"], "bodies": [], "stdout": "DRIVER    VOLUME NAME\nlocal     alpha9\nlocal     alpha10\nlocal     zeta\n", "stderr": ""},
  {"argv": ["volume", "ls", "-q"], "code": 0, "calls": ["GET /volumes"], "bodies": [], "stdout": "alpha9\nalpha10\nzeta\n", "stderr": ""},
  {"argv": ["volume", "ls", "--format", "json"], "code": 0, "calls": ["GET /volumes"], "bodies": [], "stdout": "{\"Availability\":\"N/A\",\"Driver\":\"local\",\"Group\":\"N/A\",\"Labels\":\"\",\"Links\":\"N/A\",\"Mountpoint\":\"/var/lib/docker/volumes/alpha9/_data\",\"Name\":\"alpha9\",\"Scope\":\"local\",\"Size\":\"N/A\",\"Status\":\"N/A\"}\n{\"Availability\":\"N/A\",\"Driver\":\"local\",\"Group\":\"N/A\",\"Labels\":\"a=b\",\"Links\":\"N/A\",\"Mountpoint\":\"/var/lib/docker/volumes/alpha10/_data\",\"Name\":\"alpha10\",\"Scope\":\"local\",\"Size\":\"N/A\",\"Status\":\"N/A\"}\n{\"Availability\":\"N/A\",\"Driver\":\"local\",\"Group\":\"N/A\",\"Labels\":\"a=b,z=1\",\"Links\":\"N/A\",\"Mountpoint\":\"/var/lib/docker/volumes/zeta/_data\",\"Name\":\"zeta\",\"Scope\":\"local\",\"Size\":\"N/A\",\"Status\":\"N/A\"}\n", "stderr": ""},
  {"argv": ["volume", "ls", "--format", "{{.Name}}\t{{.Labels}}\t{{.Label \"a\"}}\t{{.Size}}"], "code": 0, "calls": ["GET /volumes"], "bodies": [], "stdout": "alpha9\t\t\tN/A\nalpha10\ta=b\tb\tN/A\nzeta\ta=b,z=1\tb\tN/A\n", "stderr": ""},
  {"argv": ["volume", "inspect", "alpha", "ghost"], "code": 1, "calls": ["GET /volumes/alpha", "GET /volumes/ghost"], "bodies": [], "stdout": "[\n    {\n        \"CreatedAt\": \"2024-01-02T03:04:05Z\",\n        \"Driver\": \"local\",\n        \"Labels\": {\n            \"a\": \"b\"\n        },\n        \"Mountpoint\": \"/var/lib/docker/volumes/alpha/_data\",\n        \"Name\": \"alpha\",\n        \"Options\": null,\n        \"Scope\": \"local\"\n    }\n]\n", "stderr": "Error response from daemon: get ghost: no such volume\n"},
  {"argv": ["volume", "inspect", "-f", "{{.Name}} {{.Mountpoint}}", "alpha"], "code": 0, "calls": ["GET /volumes/alpha"], "bodies": [], "stdout": "alpha /var/lib/docker/volumes/alpha/_data\n", "stderr": ""},
  {"argv": ["volume", "rm", "v1", "ghost", "v2"], "code": 1, "calls": ["DELETE /volumes/v1", "DELETE /volumes/ghost", "DELETE /volumes/v2"], "bodies": [], "stdout": "v1\nv2\n", "stderr": "Error response from daemon: get ghost: no such volume\n"},
  {"argv": ["volume", "prune"], "stdin": "y\n", "code": 0, "calls": ["POST /volumes/prune"], "bodies": [], "stdout": "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] Deleted Volumes:\nv1\nv2\n\nTotal reclaimed space: 12.35kB\n", "stderr": ""},
  {"argv": ["volume", "prune", "-a", "-f"], "code": 0, "calls": ["POST /volumes/prune?filters=%7B%22all%22%3A%7B%22true%22%3Atrue%7D%7D"], "bodies": [], "stdout": "Deleted Volumes:\nv1\nv2\n\nTotal reclaimed space: 12.35kB\n", "stderr": ""},
  {"argv": ["network", "create", "n1"], "code": 0, "calls": ["POST /networks/create"], "bodies": ["{\"Driver\":\"bridge\",\"Scope\":\"\",\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":[]},\"Internal\":false,\"Attachable\":false,\"Ingress\":false,\"ConfigOnly\":false,\"ConfigFrom\":null,\"Options\":{},\"Labels\":{},\"Name\":\"n1\"}"], "stdout": "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\n", "stderr": ""},
  {"argv": ["network", "create", "-d", "bridge", "--subnet", "10.5.0.0/16", "--gateway", "10.5.0.1", "--ip-range", "10.5.1.0/24", "--label", "k=v", "-o", "com.docker.network.bridge.name=br5", "--internal", "--attachable", "--ipv6", "--aux-address", "host1=10.5.0.5", "--subnet", "fd00::/64", "--gateway", "fd00::1", "n2"], "code": 0, "calls": ["POST /networks/create"], "bodies": ["{\"Driver\":\"bridge\",\"Scope\":\"\",\"EnableIPv6\":true,\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":[{\"Subnet\":\"10.5.0.0/16\",\"IPRange\":\"10.5.1.0/24\",\"Gateway\":\"10.5.0.1\",\"AuxiliaryAddresses\":{\"host1\":\"10.5.0.5\"}},{\"Subnet\":\"fd00::/64\",\"Gateway\":\"fd00::1\"}]},\"Internal\":true,\"Attachable\":true,\"Ingress\":false,\"ConfigOnly\":false,\"ConfigFrom\":null,\"Options\":{\"com.docker.network.bridge.name\":\"br5\"},\"Labels\":{\"k\":\"v\"},\"Name\":\"n2\"}"], "stdout": "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\n", "stderr": ""},
  {"argv": ["network", "create", "--subnet", "10.6.0.0/16", "--gateway", "10.7.0.1", "n3"], "code": 1, "calls": [], "bodies": [], "stdout": "", "stderr": "no matching subnet for gateway 10.7.0.1\n"},
  {"argv": ["network", "ls"], "code": 0, "calls": ["GET /networks"], "bodies": [], "stdout": "NETWORK ID     NAME      DRIVER    SCOPE\naaaaaaaaaaaa   bridge    bridge    local\ncccccccccccc   mynet9    bridge    local\nbbbbbbbbbbbb   mynet10   bridge    local\n", "stderr": ""},
  {"argv": ["network", "ls", "--no-trunc", "--format", "table {{.ID}}\t{{.Name}}\t{{.IPv6}}\t{{.Internal}}\t{{.Labels}}\t{{.CreatedAt}}"], "code": 0, "calls": ["GET /networks"], "bodies": [], "stdout": "NETWORK ID                                                         NAME      IPV6      INTERNAL   LABELS    CREATED AT\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa   bridge    false     false                2024-01-02 03:04:05.123456789 +0000 UTC\ncccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc   mynet9    true      false                2024-01-02 03:04:05.123456789 +0000 UTC\nbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb   mynet10   false     true       k=v       2024-01-02 03:04:05.123456789 +0000 UTC\n", "stderr": ""},
  {"argv": ["network", "ls", "-q"], "code": 0, "calls": ["GET /networks"], "bodies": [], "stdout": "aaaaaaaaaaaa\ncccccccccccc\nbbbbbbbbbbbb\n", "stderr": ""},
  {"argv": ["network", "ls", "--format", "json"], "code": 0, "calls": ["GET /networks"], "bodies": [], "stdout": "{\"CreatedAt\":\"2024-01-02 03:04:05.123456789 +0000 UTC\",\"Driver\":\"bridge\",\"ID\":\"aaaaaaaaaaaa\",\"IPv4\":\"true\",\"IPv6\":\"false\",\"Internal\":\"false\",\"Labels\":\"\",\"Name\":\"bridge\",\"Scope\":\"local\"}\n{\"CreatedAt\":\"2024-01-02 03:04:05.123456789 +0000 UTC\",\"Driver\":\"bridge\",\"ID\":\"cccccccccccc\",\"IPv4\":\"true\",\"IPv6\":\"true\",\"Internal\":\"false\",\"Labels\":\"\",\"Name\":\"mynet9\",\"Scope\":\"local\"}\n{\"CreatedAt\":\"2024-01-02 03:04:05.123456789 +0000 UTC\",\"Driver\":\"bridge\",\"ID\":\"bbbbbbbbbbbb\",\"IPv4\":\"true\",\"IPv6\":\"false\",\"Internal\":\"true\",\"Labels\":\"k=v\",\"Name\":\"mynet10\",\"Scope\":\"local\"}\n", "stderr": ""},
  {"argv": ["network", "inspect", "-v", "mynet"], "code": 0, "calls": ["GET /networks/mynet?verbose=true"], "bodies": [], "stdout": "[\n    {\n        \"Name\": \"mynet\",\n        \"Id\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\n        \"Created\": \"2024-01-02T03:04:05.123456789Z\",\n        \"Scope\": \"local\",\n        \"Driver\": \"bridge\",\n        \"EnableIPv4\": true,\n        \"EnableIPv6\": false,\n        \"IPAM\": {\n            \"Driver\": \"default\",\n            \"Options\": null,\n            \"Config\": [\n                {\n                    \"Subnet\": \"172.18.0.0/16\",\n                    \"Gateway\": \"172.18.0.1\"\n                }\n            ]\n        },\n        \"Internal\": false,\n        \"Attachable\": false,\n        \"Ingress\": false,\n        \"ConfigFrom\": {\n            \"Network\": \"\"\n        },\n        \"ConfigOnly\": false,\n        \"Containers\": {},\n        \"Options\": {},\n        \"Labels\": {}\n    }\n]\n", "stderr": ""},
  {"argv": ["network", "rm", "n1", "ghost", "n2"], "code": 1, "calls": ["GET /networks/n1", "DELETE /networks/n1", "GET /networks/ghost", "DELETE /networks/ghost", "GET /networks/n2", "DELETE /networks/n2"], "bodies": [], "stdout": "n1\nn2\n", "stderr": "Error response from daemon: network ghost not found\nexit status 1\n"},
  {"argv": ["network", "rm", "-f", "ghost"], "code": 0, "calls": ["GET /networks/ghost", "DELETE /networks/ghost"], "bodies": [], "stdout": "", "stderr": ""},
  {"argv": ["network", "prune"], "stdin": "y\n", "code": 0, "calls": ["POST /networks/prune"], "bodies": [], "stdout": "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] Deleted Networks:\nn1\nn2\n\n", "stderr": ""},
  {"argv": ["network", "connect", "--alias", "a1", "--alias", "a2", "--ip", "10.5.0.9", "--ip6", "fd00::9", "--link", "c2:alias", "--driver-opt", "k=v", "--gw-priority", "5", "mynet", "ctr"], "code": 0, "calls": ["POST /networks/mynet/connect"], "bodies": ["{\"Container\":\"ctr\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.5.0.9\",\"IPv6Address\":\"fd00::9\"},\"Links\":[\"c2:alias\"],\"Aliases\":[\"a1\",\"a2\"],\"MacAddress\":\"\",\"DriverOpts\":{\"k\":\"v\"},\"GwPriority\":5,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}"], "stdout": "", "stderr": ""},
  {"argv": ["network", "connect", "mynet", "ctr"], "code": 0, "calls": ["POST /networks/mynet/connect"], "bodies": ["{\"Container\":\"ctr\",\"EndpointConfig\":{\"IPAMConfig\":{},\"Links\":null,\"Aliases\":[],\"MacAddress\":\"\",\"DriverOpts\":{},\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}"], "stdout": "", "stderr": ""},
  {"argv": ["network", "disconnect", "-f", "mynet", "ctr"], "code": 0, "calls": ["POST /networks/mynet/disconnect"], "bodies": ["{\"Container\":\"ctr\",\"Force\":true}"], "stdout": "", "stderr": ""},
  {"argv": ["system", "df"], "code": 0, "calls": ["GET /system/df"], "bodies": [], "stdout": "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\nImages          3         1         3.5MB     3.5MB (100%)\nContainers      2         1         102.4kB   102.4kB (100%)\nLocal Volumes   2         1         52.2kB    1kB (1%)\nBuild Cache     0         0         0B        0B\n", "stderr": ""},
  {"argv": ["system", "df", "--format", "json"], "code": 0, "calls": ["GET /system/df"], "bodies": [], "stdout": "{\"Active\":\"1\",\"Reclaimable\":\"3.5MB (100%)\",\"Size\":\"3.5MB\",\"TotalCount\":\"3\",\"Type\":\"Images\"}\n{\"Active\":\"1\",\"Reclaimable\":\"102.4kB (100%)\",\"Size\":\"102.4kB\",\"TotalCount\":\"2\",\"Type\":\"Containers\"}\n{\"Active\":\"1\",\"Reclaimable\":\"1kB (1%)\",\"Size\":\"52.2kB\",\"TotalCount\":\"2\",\"Type\":\"Local Volumes\"}\n{\"Active\":\"0\",\"Reclaimable\":\"0B\",\"Size\":\"0B\",\"TotalCount\":\"0\",\"Type\":\"Build Cache\"}\n", "stderr": ""},
  {"argv": ["system", "df", "-v"], "code": 0, "calls": ["GET /system/df"], "bodies": [], "stdout": "Images space usage:\n\nREPOSITORY   TAG       IMAGE ID       CREATED          SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS\nbusybox      latest    111111111111   5 hours ago      2MB       2MB           0B            2\napp          v1        222222222222   3 days ago       3.5MB     2MB           1.5MB         0\n<none>       <none>    333333333333   10 minutes ago   2.1MB     2MB           100kB         0\n\nContainers space usage:\n\nCONTAINER ID   IMAGE     COMMAND                  LOCAL VOLUMES   SIZE      CREATED       STATUS                  NAMES\naaaaaaaaaaaa   busybox   \"sh -c 'sleep 1000 &…\"   1               0B        2 hours ago   Up 2 hours              web\nbbbbbbbbbbbb   busybox   \"sh -c 'sleep 1000 &…\"   0               102kB     2 hours ago   Exited (0) 1 hour ago   job\n\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\ndata          1         51.2kB\nunused        0         1kB\n\nBuild cache usage: 0B\n\nCACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n", "stderr": ""},
  {"argv": ["system", "df", "-v", "--format", "json"], "code": 0, "calls": ["GET /system/df"], "bodies": [], "stdout": "{\"Images\":[{\"Containers\":\"2\",\"CreatedAt\":\"2026-11-22 20:02:45 +0000 UTC\",\"CreatedSince\":\"5 hours ago\",\"Digest\":\"\",\"ID\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"Repository\":\"busybox\",\"SharedSize\":\"2MB\",\"Size\":\"2MB\",\"Tag\":\"latest\",\"UniqueSize\":\"0B\",\"VirtualSize\":\"2MB\"},{\"Containers\":\"0\",\"CreatedAt\":\"2026-11-20 01:02:45 +0000 UTC\",\"CreatedSince\":\"3 days ago\",\"Digest\":\"\",\"ID\":\"sha256:2222222222222222222222222222222222222222222222222222222222222222\",\"Repository\":\"app\",\"SharedSize\":\"2MB\",\"Size\":\"3.5MB\",\"Tag\":\"v1\",\"UniqueSize\":\"1.5MB\",\"VirtualSize\":\"3.5MB\"},{\"Containers\":\"0\",\"CreatedAt\":\"2026-11-23 00:52:45 +0000 UTC\",\"CreatedSince\":\"10 minutes ago\",\"Digest\":\"\",\"ID\":\"sha256:3333333333333333333333333333333333333333333333333333333333333333\",\"Repository\":\"\\u003cnone\\u003e\",\"SharedSize\":\"2MB\",\"Size\":\"2.1MB\",\"Tag\":\"\\u003cnone\\u003e\",\"UniqueSize\":\"100kB\",\"VirtualSize\":\"2.1MB\"}],\"Containers\":[{\"Command\":\"\\\"sh -c 'sleep 1000 \\u0026\\u0026 echo done'\\\"\",\"CreatedAt\":\"2026-11-22 23:02:45 +0000 UTC\",\"ID\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"Image\":\"busybox\",\"Labels\":\"\",\"LocalVolumes\":\"1\",\"Mounts\":\"data\",\"Names\":\"web\",\"Networks\":\"\",\"Platform\":null,\"Ports\":\"\",\"RunningFor\":\"2 hours ago\",\"Size\":\"0B\",\"State\":\"running\",\"Status\":\"Up 2 hours\"},{\"Command\":\"\\\"sh -c 'sleep 1000 \\u0026\\u0026 echo done'\\\"\",\"CreatedAt\":\"2026-11-22 23:01:05 +0000 UTC\",\"ID\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"Image\":\"busybox\",\"Labels\":\"\",\"LocalVolumes\":\"0\",\"Mounts\":\"\",\"Names\":\"job\",\"Networks\":\"\",\"Platform\":null,\"Ports\":\"\",\"RunningFor\":\"2 hours ago\",\"Size\":\"102kB\",\"State\":\"exited\",\"Status\":\"Exited (0) 1 hour ago\"}],\"Volumes\":[{\"Availability\":\"N/A\",\"Driver\":\"local\",\"Group\":\"N/A\",\"Labels\":\"a=b\",\"Links\":\"1\",\"Mountpoint\":\"/var/lib/docker/volumes/data/_data\",\"Name\":\"data\",\"Scope\":\"local\",\"Size\":\"51.2kB\",\"Status\":\"N/A\"},{\"Availability\":\"N/A\",\"Driver\":\"local\",\"Group\":\"N/A\",\"Labels\":\"a=b\",\"Links\":\"0\",\"Mountpoint\":\"/var/lib/docker/volumes/unused/_data\",\"Name\":\"unused\",\"Scope\":\"local\",\"Size\":\"1kB\",\"Status\":\"N/A\"}],\"BuildCache\":[]}", "stderr": ""},
  {"argv": ["system", "prune"], "stdin": "y\n", "code": 0, "calls": ["POST /containers/prune", "POST /networks/prune", "POST /images/prune?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D", "POST /build/prune?filters="], "bodies": [], "stdout": "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all dangling images\n  - unused build cache\n\nAre you sure you want to continue? [y/N] Deleted Containers:\nc1\n\nDeleted Networks:\nn1\nn2\n\nDeleted Images:\nuntagged: x:latest\ndeleted: sha256:1\n\nTotal reclaimed space: 2.1kB\n", "stderr": ""},
  {"argv": ["system", "prune", "-a", "--volumes", "-f"], "code": 0, "calls": ["POST /containers/prune", "POST /networks/prune", "POST /volumes/prune", "POST /images/prune?filters=%7B%22dangling%22%3A%7B%22false%22%3Atrue%7D%7D", "POST /build/prune?all=1&filters="], "bodies": [], "stdout": "Deleted Containers:\nc1\n\nDeleted Networks:\nn1\nn2\n\nDeleted Volumes:\nv1\nv2\n\nDeleted Images:\nuntagged: x:latest\ndeleted: sha256:1\n\nTotal reclaimed space: 14.45kB\n", "stderr": ""},
  {"argv": ["system", "prune", "-f", "--volumes", "--filter", "until=1h"], "code": 1, "calls": [], "bodies": [], "stdout": "", "stderr": "ERROR: The \"until\" filter is not supported with \"--volumes\"\n"},
  {"argv": ["system", "prune", "-f", "--filter", "label=a=b"], "code": 0, "calls": ["POST /containers/prune?filters=%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D", "POST /networks/prune?filters=%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D", "POST /images/prune?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%2C%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D", "POST /build/prune?filters=%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D"], "bodies": [], "stdout": "Deleted Containers:\nc1\n\nDeleted Networks:\nn1\nn2\n\nDeleted Images:\nuntagged: x:latest\ndeleted: sha256:1\n\nTotal reclaimed space: 2.1kB\n", "stderr": ""},
];

/** A filters query parameter in one canonical form: `{"k":["v"]}`, keys and values sorted. */
function canonicalCall(call: string): string {
  const q = call.indexOf('?');
  if (q < 0) return call;
  const params = new URLSearchParams(call.slice(q + 1));
  const raw = params.get('filters');
  if (raw) {
    const obj = JSON.parse(raw) as Record<string, string[] | Record<string, boolean>>;
    const canon = Object.fromEntries(Object.keys(obj).sort().map((k) => {
      const v = obj[k]!;
      return [k, (Array.isArray(v) ? v : Object.keys(v)).sort()];
    }));
    params.set('filters', JSON.stringify(canon));
  }
  return `${call.slice(0, q)}?${params}`;
}

/** `system df -v --format json` carries absolute creation times of the relative fixture. */
const withoutTimes = (s: string) => s.replace(/"CreatedAt":"[^"]*"/g, '"CreatedAt":"-"');

describe('berth volume, network and system df/prune behave as docker 28.2', () => {
  let d: ScriptedDaemon;

  before(async () => {
    d = scriptStorageDaemon(new ScriptedDaemon(), Math.floor(Date.now() / 1000));
    await d.start();
  });
  after(async () => {
    await d.stop();
  });

  for (const c of CASES) {
    test(`berth ${c.argv.join(' ')}`, async () => {
      d.log.length = 0;
      const r = await runBerth(d.socketPath, c.argv, { env: { TZ: 'UTC' }, ...(c.stdin ? { stdin: c.stdin } : {}) });
      assert.equal(withoutTimes(r.stdout), withoutTimes(c.stdout));
      assert.equal(r.stderr, c.stderr);
      assert.equal(r.code, c.code);
      assert.deepEqual(d.calls().map(canonicalCall), c.calls.map(canonicalCall));
      const bodies = d.log.filter((x) => x.path !== '/_ping' && x.body.length > 0).map((x) => x.body.toString().trim());
      assert.deepEqual(bodies, c.bodies);
    });
  }
});
