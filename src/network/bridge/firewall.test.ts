import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { firewallChains, firewallRestoreText, jumpRules, presentJumps } from './firewall-plan.js';
import { IptablesFirewall } from './iptables-firewall.js';

const state = {
  networks: [{ bridge: 'berth0', subnet: '172.18.0.0/16', internal: false }, { bridge: 'bt-1', subnet: '10.5.0.0/24', internal: true }],
  publications: [{ containerIp: '172.18.0.2', ports: [
    { containerPort: 80, protocol: 'tcp' as const, hostIp: '', hostPort: 8080 },
    { containerPort: 53, protocol: 'udp' as const, hostIp: '127.0.0.1', hostPort: 5353 },
  ] }],
};

describe('firewall plan', () => {
  test('declares (so flushes) every chain of ours and fills them from the state', () => {
    const text = firewallRestoreText(firewallChains('BT'), state);
    assert.equal(text, [
      '*nat', ':BT - [0:0]', ':BT-POSTROUTING - [0:0]',
      '-A BT-POSTROUTING -s 172.18.0.0/16 ! -o berth0 -j MASQUERADE',
      '-A BT-POSTROUTING -o berth0 -m addrtype --src-type LOCAL -j MASQUERADE',
      '-A BT-POSTROUTING -s 172.18.0.0/16 -o berth0 -m conntrack --ctstate DNAT -j MASQUERADE',
      '-A BT -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:80',
      '-A BT -d 127.0.0.1/32 -p udp -m udp --dport 5353 -j DNAT --to-destination 172.18.0.2:53',
      'COMMIT',
      '*filter', ':BT-FORWARD - [0:0]', ':BT-INPUT - [0:0]', ':BT-ISOLATION-1 - [0:0]', ':BT-ISOLATION-2 - [0:0]',
      '-A BT-FORWARD -j BT-ISOLATION-1', '-A BT-ISOLATION-1 -m conntrack --ctstate DNAT -j RETURN',
      '-A BT-ISOLATION-1 -i berth0 ! -o berth0 -j BT-ISOLATION-2', '-A BT-ISOLATION-2 -o berth0 -j DROP',
      '-A BT-INPUT -i berth0 -p udp -m udp --dport 53 -j ACCEPT', '-A BT-INPUT -i berth0 -p tcp -m tcp --dport 53 -j ACCEPT',
      '-A BT-FORWARD -o berth0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A BT-FORWARD -o berth0 -m conntrack --ctstate DNAT -j ACCEPT',
      '-A BT-FORWARD -i berth0 -j ACCEPT',
      '-A BT-ISOLATION-1 -i bt-1 ! -o bt-1 -j BT-ISOLATION-2', '-A BT-ISOLATION-2 -o bt-1 -j DROP',
      '-A BT-INPUT -i bt-1 -p udp -m udp --dport 53 -j ACCEPT', '-A BT-INPUT -i bt-1 -p tcp -m tcp --dport 53 -j ACCEPT',
      '-A BT-FORWARD -i bt-1 -o bt-1 -j ACCEPT', '-A BT-FORWARD -i bt-1 -j DROP', '-A BT-FORWARD -o bt-1 -j DROP',
      'COMMIT', '',
    ].join('\n'));
  });
  test('finds jumps already present in iptables-save output', () => {
    const c = firewallChains('BT');
    const saved = '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j BT\n-A POSTROUTING -j OTHER\nCOMMIT\n*filter\n-A FORWARD -j BT-FORWARD\nCOMMIT\n';
    assert.deepEqual(presentJumps(saved, jumpRules(c)).map((j) => j.chain), ['PREROUTING', 'FORWARD']);
  });
});

describe('iptables firewall on this host', () => {
  test('apply installs jumps once and replaces rules; teardown leaves nothing', async () => {
    const prefix = `BTT${randomBytes(3).toString('hex').toUpperCase()}`;
    const fw = new IptablesFirewall(prefix);
    try {
      await fw.apply(state);
      let rules = await fw.listRules();
      assert.ok(rules.includes(`-A ${prefix} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:80`), rules.join('\n'));
      assert.ok(rules.includes(`-A FORWARD -j ${prefix}-FORWARD`));
      assert.equal(execFileSync('iptables', ['-S', 'FORWARD']).toString().split('\n')[1], `-A FORWARD -j ${prefix}-FORWARD`, 'our jump is first in FORWARD');
      await fw.apply({ networks: state.networks, publications: [] });
      await new IptablesFirewall(prefix).apply({ networks: state.networks, publications: [] }); // a restarted daemon adds no second jump
      rules = await fw.listRules();
      assert.ok(!rules.some((r) => r.includes('DNAT --to-destination')), 'the publication is gone');
      assert.equal(rules.filter((r) => r === `-A FORWARD -j ${prefix}-FORWARD`).length, 1);
    } finally {
      await fw.teardown();
    }
    assert.deepEqual(await fw.listRules(), []);
  });
});

describe('publication changes', () => {
  test('append or delete exactly one container\'s rules', async () => {
    const { publicationChangeText } = await import('./firewall-plan.js');
    const pub = { containerIp: '10.0.0.2', ports: [{ containerPort: 80, protocol: 'tcp' as const, hostIp: '0.0.0.0', hostPort: 81 }] };
    assert.equal(publicationChangeText(firewallChains('BT'), pub, '-D'), '*nat\n-D BT -p tcp -m tcp --dport 81 -j DNAT --to-destination 10.0.0.2:80\nCOMMIT\n');
  });
});

describe('network options in the plan', () => {
  test('enable_ip_masquerade=false drops only the outbound masquerade', () => {
    const text = firewallRestoreText(firewallChains('BT'), { networks: [{ bridge: 'b1', subnet: '10.0.0.0/24', internal: false, masquerade: false }], publications: [] });
    assert.ok(!text.includes('-s 10.0.0.0/24 ! -o b1 -j MASQUERADE'));
    assert.ok(text.includes('-A BT-POSTROUTING -o b1 -m addrtype --src-type LOCAL -j MASQUERADE'), 'published ports still work from the host');
  });
});
