import type { SystemInfo } from '../../client/types/system-types.js';
import { BERTH_VERSION } from '../berth-version.js';
import type { CommandSpec } from '../command-spec.js';
import { GoTemplate } from '../format/go-template.js';
import { formatFlag } from '../options/format-flag.js';
import { bytesSize } from '../units/human-size.js';

export const systemInfo: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Display system-wide information',
  flags: [formatFlag('plain', 'f')],
  args: { exact: 0 },
  async run(ctx, args) {
    const format = args.value('format');
    const clientInfo = { Version: BERTH_VERSION, Context: 'default', Debug: false };
    if (format !== undefined) {
      const template = GoTemplate.parse(format === 'json' ? '{{json .}}' : format);
      const info = await ctx.client.system.info();
      ctx.out(`${template.execute({ ...info, ClientInfo: clientInfo })}\n`);
      return;
    }
    ctx.out(`Client:\n Version:    ${clientInfo.Version}\n Context:    ${clientInfo.Context}\n Debug Mode: false\n\n`);
    let info: SystemInfo;
    try {
      info = await ctx.client.system.info();
    } catch (err) {
      ctx.out('Server:\n');
      throw err;
    }
    ctx.out(serverInfoText(info));
    for (const warning of info.Warnings ?? []) ctx.err(`${warning}\n`);
  },
};

/** The "Server:" section laid out as docker's prettyPrintServerInfo. */
export function serverInfoText(info: SystemInfo): string {
  const lines: string[] = ['Server:'];
  const add = (label: string, value: unknown, indent = 1) => lines.push(`${' '.repeat(indent)}${label}: ${value ?? ''}`);
  add('Containers', info.Containers);
  add('Running', info.ContainersRunning, 2);
  add('Paused', info.ContainersPaused, 2);
  add('Stopped', info.ContainersStopped, 2);
  add('Images', info.Images);
  add('Server Version', info.ServerVersion);
  add('Storage Driver', info.Driver);
  for (const [k, v] of info.DriverStatus ?? []) add(k, v, 2);
  if (info.LoggingDriver) add('Logging Driver', info.LoggingDriver);
  if (info.CgroupDriver) add('Cgroup Driver', info.CgroupDriver);
  if (info.CgroupVersion) add('Cgroup Version', info.CgroupVersion);
  if (info.Plugins) {
    lines.push(' Plugins:');
    for (const kind of ['Volume', 'Network', 'Authorization', 'Log'] as const) {
      const names = info.Plugins[kind];
      if (names && names.length > 0) add(kind, names.join(' '), 2);
    }
  }
  const swarm = (info['Swarm'] as { LocalNodeState?: string } | undefined)?.LocalNodeState;
  if (swarm) add('Swarm', swarm);
  if (info.Runtimes) add('Runtimes', Object.keys(info.Runtimes).sort().join(' '));
  if (info.DefaultRuntime) add('Default Runtime', info.DefaultRuntime);
  if ((info.OSType ?? 'linux') === 'linux') {
    add('Init Binary', info.InitBinary ?? '');
    for (const [name, key] of [['containerd', 'ContainerdCommit'], ['runc', 'RuncCommit'], ['init', 'InitCommit']] as const) {
      add(`${name} version`, (info[key] as { ID?: string } | undefined)?.ID ?? '');
    }
  }
  const securityOptions = info.SecurityOptions ?? [];
  if (securityOptions.length > 0) {
    lines.push(' Security Options:');
    for (const opt of securityOptions) {
      const fields = Object.fromEntries(opt.split(',').map((kv) => kv.split('=') as [string, string]));
      lines.push(`  ${fields['name'] ?? opt}`);
      for (const [k, v] of Object.entries(fields)) if (k !== 'name') lines.push(`   ${k[0]!.toUpperCase()}${k.slice(1)}: ${v}`);
    }
  }
  add('Kernel Version', info.KernelVersion);
  add('Operating System', info.OperatingSystem);
  add('OSType', info.OSType);
  add('Architecture', info.Architecture);
  add('CPUs', info.NCPU);
  add('Total Memory', bytesSize(info.MemTotal ?? 0));
  add('Name', info.Name);
  if (info.ID) add('ID', info.ID);
  add('Docker Root Dir', info.DockerRootDir);
  add('Debug Mode', info.Debug ?? false);
  for (const [label, value] of [['HTTP Proxy', info.HttpProxy], ['HTTPS Proxy', info.HttpsProxy], ['No Proxy', info.NoProxy]] as const) {
    if (value) add(label, value);
  }
  if (info.Labels && info.Labels.length > 0) {
    lines.push(' Labels:');
    for (const l of info.Labels) lines.push(`  ${l}`);
  }
  add('Experimental', info.ExperimentalBuild ?? false);
  add('Live Restore Enabled', info.LiveRestoreEnabled ?? false);
  return `${lines.join('\n')}\n\n`;
}
