import { CLIENT_API_VERSION } from '../../client/version-negotiation.js';
import type { SystemVersion } from '../../client/types/system-types.js';
import { BERTH_VERSION } from '../berth-version.js';
import type { CommandSpec } from '../command-spec.js';
import { withGoFieldAliases } from '../format/go-field-aliases.js';
import { GoTemplate } from '../format/go-template.js';
import { alignColumns } from '../format/tab-writer.js';
import { type TemplateFunction, templateFunctions } from '../format/template-functions.js';
import { goArch } from '../go-platform.js';
import { formatFlag } from '../options/format-flag.js';

// docker's defaultVersionTemplate, with Node in place of Go on the client side.
const VERSION_TEMPLATE = `{{with .Client -}}
Client:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
 Version:\t{{.Version}}
 API version:\t{{.ApiVersion}}{{if ne .ApiVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
 Node version:\t{{.NodeVersion}}
 OS/Arch:\t{{.Os}}/{{.Arch}}
 Context:\t{{.Context}}
{{- end}}

{{- if .ServerOK}}{{with .Server}}

Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
 {{- range $component := .Components}}
 {{$component.Name}}:
  {{- if eq $component.Name "Engine" }}
  Version:\t{{.Version}}
  API version:\t{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
  {{- with index .Details "GoVersion"}}
  Go version:\t{{.}}{{end}}
  {{- with index .Details "GitCommit"}}
  Git commit:\t{{.}}{{end}}
  {{- with index .Details "BuildTime"}}
  Built:\t{{.}}{{end}}
  OS/Arch:\t{{index .Details "Os"}}/{{index .Details "Arch"}}
  Experimental:\t{{index .Details "Experimental"}}
  {{- else }}
  Version:\t{{$component.Version}}
  {{- range $key := detailsOrder $component}}
  {{$key}}:\t{{index $component.Details $key}}
  {{- end}}
  {{- end}}
 {{- end}}
 {{- end}}
{{- end}}`;

export const systemVersion: CommandSpec = {
  usage: '[OPTIONS]',
  description: 'Show the berth version information',
  flags: [formatFlag('plain', 'f')],
  args: { exact: 0 },
  async run(ctx, args) {
    const format = args.value('format');
    const functions: Record<string, TemplateFunction> = {
      ...templateFunctions,
      detailsOrder: (c) => Object.keys((c as { Details?: Record<string, string> | null }).Details ?? {}).sort(),
    };
    const template = GoTemplate.parse(format === 'json' ? '{{json .}}' : format ?? VERSION_TEMPLATE, functions);
    let server: SystemVersion | undefined;
    let serverError: unknown;
    try {
      server = await ctx.client.system.version();
    } catch (err) {
      serverError = err;
    }
    const apiVersion = server ? await ctx.client.http.apiVersion() : CLIENT_API_VERSION;
    const data = {
      Client: withGoFieldAliases({
        Platform: { Name: '' },
        Version: BERTH_VERSION,
        ApiVersion: apiVersion,
        DefaultAPIVersion: CLIENT_API_VERSION,
        NodeVersion: process.version,
        Os: process.platform,
        Arch: goArch(),
        Context: 'default',
      }, { APIVersion: 'ApiVersion' }),
      Server: server ? withGoFieldAliases(serverView(server), { APIVersion: 'ApiVersion' }) : null,
      ServerOK: server !== undefined,
    };
    const text = template.execute(data);
    ctx.out(format === undefined ? `${alignColumns(text, { minWidth: 20, padding: 1 })}\n` : `${text}\n`);
    if (serverError !== undefined) throw serverError;
  },
};

/** The daemon's answer with docker's display tweaks: an Engine component and ANSI build times. */
function serverView(v: SystemVersion): SystemVersion {
  const components = v.Components && v.Components.length > 0 ? v.Components : [{
    Name: 'Engine', Version: v.Version,
    Details: {
      ApiVersion: v.ApiVersion, MinAPIVersion: v.MinAPIVersion ?? '', GitCommit: v.GitCommit ?? '', GoVersion: v.GoVersion ?? '',
      Os: v.Os, Arch: v.Arch, KernelVersion: v.KernelVersion ?? '', Experimental: String(v.Experimental ?? false), BuildTime: v.BuildTime ?? '',
    },
  }];
  return {
    ...v,
    Platform: v.Platform ?? { Name: '' },
    Components: components.map((c) => c.Name !== 'Engine' || !c.Details?.['BuildTime'] ? c
      : { ...c, Details: { ...c.Details, BuildTime: ansicTime(c.Details['BuildTime']) } }),
  };
}

/** Go's time.ANSIC ("Mon Jan  2 15:04:05 2006") in local time, as docker shows build times. */
function ansicTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const day = d.toLocaleDateString('en-US', { weekday: 'short' });
  const month = d.toLocaleDateString('en-US', { month: 'short' });
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${String(d.getDate()).padStart(2, ' ')} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}
