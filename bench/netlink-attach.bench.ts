// Times attaching one container-to-be to a bridge, via RtNetlink and via spawned `ip` commands:
// create a netns, a veth with its peer inside as eth0 (MTU, MAC, master, up), hairpin, the
// address, eth0 and lo up, the default route. Not a test; run as root:
//   node dist/bench/netlink-attach.bench.js [iterations]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createNetworkNamespace, removeNetworkNamespace } from '../src/sys/netlink/network-namespace.js';
import { RtNetlink } from '../src/sys/netlink/rtnetlink.js';

const runs = Number(process.argv[2] ?? 50);
const tag = Math.random().toString(16).slice(2, 7);
const bridgeName = `bbn${tag}`;
const gateway = '10.234.0.1';
const base = mkdtempSync(path.join(tmpdir(), 'berth-bench-rtnl-'));
const host = RtNetlink.open();
const bridge = host.createBridge(bridgeName);

interface Attach {
  run(): void;
  teardown(): void;
}

function viaNetlink(i: number): Attach {
  const nsPath = path.join(base, `ns${i}`);
  const vethName = `vbn${tag}${i}`;
  return {
    run() {
      createNetworkNamespace(nsPath);
      const veth = host.createVethPair({
        name: vethName, peerName: 'eth0', peerNetnsPath: nsPath, masterIndex: bridge, mtu: 1500,
        peerMac: '02:42:0a:ea:00:02', up: true,
      });
      host.setHairpin(veth, true);
      const ns = RtNetlink.open(nsPath);
      try {
        const eth0 = ns.linkByName('eth0')!;
        ns.addAddress(eth0.index, '10.234.0.2/16');
        ns.setUp(eth0.index);
        ns.setUp(1); // lo is always index 1 in a fresh namespace
        ns.addRoute({ gateway });
      } finally {
        ns.close();
      }
    },
    teardown() {
      const veth = host.linkByName(vethName);
      if (veth) host.deleteLink(veth.index);
      removeNetworkNamespace(nsPath);
    },
  };
}

function viaIp(i: number): Attach {
  const name = `berth-bench-${tag}-${i}`;
  const vethName = `vbi${tag}${i}`;
  const run = (cmd: string, ...args: string[]): void => void execFileSync(cmd, args, { stdio: 'ignore' });
  return {
    run() {
      run('ip', 'netns', 'add', name);
      run('ip', 'link', 'add', vethName, 'mtu', '1500', 'master', bridgeName, 'up', 'type', 'veth', 'peer', 'name', 'eth0',
        'mtu', '1500', 'address', '02:42:0a:ea:00:02', 'netns', name);
      run('bridge', 'link', 'set', 'dev', vethName, 'hairpin', 'on');
      run('ip', '-n', name, 'addr', 'add', '10.234.0.2/16', 'dev', 'eth0');
      run('ip', '-n', name, 'link', 'set', 'eth0', 'up');
      run('ip', '-n', name, 'link', 'set', 'lo', 'up');
      run('ip', '-n', name, 'route', 'add', 'default', 'via', gateway);
    },
    teardown() {
      spawnSync('ip', ['link', 'del', vethName], { stdio: 'ignore' });
      spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    },
  };
}

function measure(label: string, make: (i: number) => Attach): void {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = make(i);
    try {
      const t0 = performance.now();
      a.run();
      times.push(performance.now() - t0);
    } finally {
      a.teardown();
    }
  }
  times.sort((x, y) => x - y);
  const q = (p: number): string => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  console.log(`${label.padEnd(24)} median ${q(0.5)} ms  p10 ${q(0.1)}  p90 ${q(0.9)}  (n=${runs})`);
}

try {
  host.addAddress(bridge, `${gateway}/16`);
  host.setUp(bridge);
  measure('rtnetlink (in-process)', viaNetlink);
  measure('ip/bridge, 7 spawns', viaIp);
} finally {
  host.deleteLink(bridge);
  host.close();
  rmSync(base, { recursive: true, force: true });
}
