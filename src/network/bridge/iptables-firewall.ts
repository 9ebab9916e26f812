import { spawn } from 'node:child_process';
import { EngineError } from '../../core/engine-error.js';
import { type FirewallChains, type FirewallState, firewallChains, firewallRestoreText, firewallTeardownText, jumpRules, presentJumps, publicationChangeText } from './firewall-plan.js';

/**
 * The host firewall through iptables-restore: one process per change, all of our rules in one
 * atomic transaction (about a millisecond here with the nf_tables backend). `-w` waits for the
 * xtables lock other tools (dockerd, firewalld) may hold.
 */
export class IptablesFirewall {
  readonly chains: FirewallChains;
  private jumpsChecked = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(prefix: string, private readonly binaries = { save: 'iptables-save', restore: 'iptables-restore' }) {
    this.chains = firewallChains(prefix);
  }

  /** Replaces all of our rules with those `state` needs. Calls are applied in order. */
  apply(state: FirewallState): Promise<void> {
    const run = async () => {
      let jumps: ReturnType<typeof jumpRules> = [];
      if (!this.jumpsChecked) {
        const all = jumpRules(this.chains);
        const present = presentJumps(await this.save(), all);
        jumps = all.filter((j) => !present.includes(j));
      }
      await this.restore(firewallRestoreText(this.chains, state, jumps));
      this.jumpsChecked = true;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Adds or removes one container's published ports; needs a prior `apply` (the chains must exist). */
  changePublication(pub: FirewallState['publications'][number], op: 'add' | 'remove'): Promise<void> {
    const run = () => this.restore(publicationChangeText(this.chains, pub, op === 'add' ? '-A' : '-D'));
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Removes our chains and the jumps into them (when the daemon stops with nothing running). */
  teardown(): Promise<void> {
    const run = async () => {
      const saved = await this.save();
      if (!saved.includes(`:${this.chains.forward} `) && !saved.includes(`:${this.chains.dnat} `)) return;
      await this.restore(firewallTeardownText(this.chains, presentJumps(saved, jumpRules(this.chains))));
      this.jumpsChecked = false;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Our rules as iptables-save prints them (for tests and diagnostics). */
  async listRules(): Promise<string[]> {
    const names = Object.values(this.chains);
    return (await this.save()).split('\n').filter((l) => names.some((n) => l.includes(` ${n} `) || l.endsWith(` ${n}`)));
  }

  private async save(): Promise<string> {
    return (await this.exec(this.binaries.save, [], '')).stdout;
  }

  private async restore(text: string): Promise<void> {
    await this.exec(this.binaries.restore, ['-w', '--noflush'], text);
  }

  private exec(cmd: string, args: string[], input: string): Promise<{ stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('error', (err) => reject(new EngineError('unavailable', `cannot run ${cmd}: ${err.message}`, { hint: 'apt-get install iptables' })));
      child.on('close', (code) => {
        if (code === 0) resolve({ stdout });
        else reject(new EngineError('internal', `${cmd} failed (exit ${code}): ${stderr.trim()}`));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }
}
