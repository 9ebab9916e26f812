// Times the same attachment as netlink-attach.bench.ts through Debian's CNI plug-ins (what
// nerdctl and Kubernetes run): a fresh netns, then `bridge` (with `host-local` IPAM) and, as a
// second figure, the chain bridge -> portmap (one published port) -> firewall. Each plug-in is a
// Go binary exec'd with the CNI protocol (env + JSON on stdin, result on stdout), as a runtime
// would call it. Not a test; run as root:
//   node dist/bench/cni-attach.bench.js [iterations]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const CNI_PATH = process.env.CNI_PATH ?? '/usr/lib/cni';
const runs = Number(process.argv[2] ?? 30);
const tag = Math.random().toString(16).slice(2, 7);
const dataDir = mkdtempSync('/var/tmp/berth-bench-cni-');
const network = {
  cniVersion: '1.0.0', name: `bench${tag}`,
  plugins: [
    { type: 'bridge', bridge: `bcn${tag}`, isGateway: true, ipMasq: true, hairpinMode: true,
      ipam: { type: 'host-local', ranges: [[{ subnet: '10.235.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }], dataDir } },
    { type: 'portmap', capabilities: { portMappings: true } },
    { type: 'firewall' },
  ],
};

function callPlugin(plugin: Record<string, unknown>, command: 'ADD' | 'DEL', netns: string, id: string, prevResult?: unknown): unknown {
  const conf = { cniVersion: network.cniVersion, name: network.name, ...plugin, ...(prevResult ? { prevResult } : {}),
    ...(plugin.type === 'portmap' ? { runtimeConfig: { portMappings: [{ hostPort: 20000 + Number(id.slice(-3)), containerPort: 80, protocol: 'tcp' }] } } : {}) };
  const r = spawnSync(join(CNI_PATH, String(plugin.type)), [], {
    input: JSON.stringify(conf),
    env: { CNI_COMMAND: command, CNI_CONTAINERID: id, CNI_NETNS: netns, CNI_IFNAME: 'eth0', CNI_PATH, PATH: process.env.PATH },
  });
  if (r.status !== 0) throw new Error(`${plugin.type} ${command}: ${r.stdout}${r.stderr}`);
  return command === 'ADD' ? JSON.parse(r.stdout.toString()) : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function measure(chainLength: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ns = `bcn${tag}${i}`;
    const id = `bench${tag}${String(i).padStart(3, '0')}`;
    const t0 = performance.now();
    execFileSync('ip', ['netns', 'add', ns]);
    let prev: unknown;
    for (const p of network.plugins.slice(0, chainLength)) prev = callPlugin(p, 'ADD', `/run/netns/${ns}`, id, prev);
    times.push(performance.now() - t0);
    for (const p of network.plugins.slice(0, chainLength).reverse()) callPlugin(p, 'DEL', `/run/netns/${ns}`, id, prev);
    execFileSync('ip', ['netns', 'del', ns]);
  }
  return times;
}

try {
  const bridgeOnly = measure(1);
  const full = measure(3);
  console.log(`CNI bridge+host-local ADD (netns included): median ${median(bridgeOnly).toFixed(2)} ms over ${runs}`);
  console.log(`CNI bridge+portmap+firewall ADD (netns included): median ${median(full).toFixed(2)} ms over ${runs}`);
} finally {
  spawnSync('ip', ['link', 'del', `bcn${tag}`]);
  rmSync(dataDir, { recursive: true, force: true });
}
