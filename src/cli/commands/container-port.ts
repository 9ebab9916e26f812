import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { naturalCompare } from '../natural-less.js';

export const containerPort: CommandSpec = {
  usage: 'CONTAINER [PRIVATE_PORT[/PROTO]]',
  description: 'List port mappings or a specific mapping for the container',
  flags: [],
  args: { min: 1, max: 2 },
  async run(ctx, args) {
    const [id = '', wanted] = args.positionals;
    const c = await ctx.client.containers.inspect(id);
    const ports = c.NetworkSettings?.Ports ?? {};
    const join = (ip = '', port = '') => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
    const out: string[] = [];
    if (wanted !== undefined) {
      const [port = '', proto = 'tcp'] = wanted.split('/');
      if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`Error: invalid port (${port})`);
      const bindings = ports[`${port}/${proto || 'tcp'}`];
      if (!bindings || bindings.length === 0) throw new CliError(`Error: No public port '${wanted}' published for ${id}`);
      for (const b of bindings) out.push(join(b.HostIp, b.HostPort));
    } else {
      for (const [from, bindings] of Object.entries(ports)) {
        for (const b of bindings ?? []) out.push(`${from} -> ${join(b.HostIp, b.HostPort)}`);
      }
    }
    if (out.length > 0) ctx.out(`${out.sort(naturalCompare).join('\n')}\n`);
  },
};
