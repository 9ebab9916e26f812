import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { invalidArgument } from '../core/engine-error.js';
import type { OciContainerConfig, OciHealthcheck } from './oci-image.js';
import { expandWord, expandWords, splitRawWords, type VariableLookup } from './shell-lexer.js';

/** The instructions Docker accepts in `docker import --change` / `docker commit --change`. */
const VALID = new Set(['cmd', 'entrypoint', 'env', 'expose', 'label', 'onbuild', 'stopsignal', 'user', 'volume', 'workdir', 'healthcheck']);

/**
 * Applies Dockerfile-syntax lines (`CMD ["sh"]`, `ENV A=1 B=2`, `ENV A 1`,
 * `EXPOSE 80/udp`, `LABEL k=v`, `USER u`, `WORKDIR /w`, `VOLUME /data`,
 * `STOPSIGNAL SIGINT`, `ENTRYPOINT x`, `ONBUILD …`, `HEALTHCHECK …`) to a copy of
 * `base`, as Docker's BuildFromConfig does. Anything else, or a malformed line,
 * is invalid_argument with Docker's message.
 */
export function applyConfigChanges(base: OciContainerConfig, changes: readonly string[]): OciContainerConfig {
  const c: OciContainerConfig = structuredClone(base);
  let cmdSet = false;
  for (const line of logicalLines(changes.join('\n'))) {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(line)!;
    const instr = m[1]!.toLowerCase();
    const args = m[2]!.trim();
    if (!VALID.has(instr)) throw invalidArgument(`${instr} is not a valid change command`);
    const lookup = envLookup(c.Env ?? []);
    switch (instr) {
      case 'cmd':
        c.Cmd = command(c, 'CMD', args);
        cmdSet = true;
        break;
      case 'entrypoint':
        c.Entrypoint = command(c, 'ENTRYPOINT', args);
        if (!cmdSet) c.Cmd = null;
        break;
      case 'env':
        for (const [k, v] of keyValues('ENV', args, lookup)) {
          if (k === '') throw invalidArgument('ENV names can not be blank');
          const env = (c.Env ?? []).filter((e) => e.split('=', 1)[0] !== k);
          c.Env = [...env, `${k}=${v}`];
        }
        break;
      case 'label':
        for (const [k, v] of keyValues('LABEL', args, lookup)) {
          if (k === '') throw invalidArgument('LABEL names can not be blank');
          c.Labels = { ...c.Labels, [k]: v };
        }
        break;
      case 'expose':
        for (const spec of required('EXPOSE', expandWords(args, lookup))) {
          for (const port of exposedPorts(spec)) c.ExposedPorts = { ...c.ExposedPorts, [port]: {} };
        }
        break;
      case 'user':
        c.User = expandWord(required('USER', args), lookup);
        break;
      case 'workdir': {
        const dir = expandWord(required('WORKDIR', args), lookup);
        c.WorkingDir = dir.startsWith('/') ? dir : path.posix.join('/', c.WorkingDir ?? '', dir);
        break;
      }
      case 'volume': {
        const list = jsonArray(args) ?? splitRawWords(args);
        for (const v of required('VOLUME', list)) {
          const target = expandWord(v, lookup).trim();
          if (target === '') throw invalidArgument('VOLUME specified can not be an empty string');
          c.Volumes = { ...c.Volumes, [target]: {} };
        }
        break;
      }
      case 'stopsignal': {
        const sig = expandWord(required('STOPSIGNAL', args), lookup);
        if (!isSignal(sig)) throw invalidArgument(`Invalid signal: ${sig}`);
        c.StopSignal = sig;
        break;
      }
      case 'onbuild': {
        const trigger = (required('ONBUILD', args).split(/\s+/, 1)[0] ?? '').toUpperCase();
        if (trigger === 'ONBUILD') throw invalidArgument("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        if (trigger === 'FROM' || trigger === 'MAINTAINER') throw invalidArgument(`${trigger} isn't allowed as an ONBUILD trigger`);
        c.OnBuild = [...(c.OnBuild ?? []), args];
        break;
      }
      case 'healthcheck':
        c.Healthcheck = healthcheck(args);
        break;
    }
  }
  return c;
}

/** Joins backslash-continued lines; drops blank lines and `#` comments. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (pending !== '' && /^\s*#/.test(raw)) continue;
    const cont = /\\\s*$/.exec(raw);
    if (cont) {
      pending += raw.slice(0, cont.index);
      continue;
    }
    const line = pending + raw;
    pending = '';
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    out.push(line);
  }
  if (pending.trim() !== '') out.push(pending);
  return out;
}

function envLookup(env: readonly string[]): VariableLookup {
  return (name) => {
    for (let i = env.length - 1; i >= 0; i--) {
      const e = env[i]!;
      const eq = e.indexOf('=');
      if ((eq < 0 ? e : e.slice(0, eq)) === name) return eq < 0 ? '' : e.slice(eq + 1);
    }
    return undefined;
  };
}

function required<T extends string | string[]>(instr: string, v: T): T {
  if (v.length === 0) throw invalidArgument(`${instr} requires at least one argument`);
  return v;
}

/** A JSON array of strings, or undefined when `args` is not one (then it is shell form). */
function jsonArray(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(args);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

function command(c: OciContainerConfig, instr: string, args: string): string[] {
  const exec = jsonArray(args);
  if (exec) return exec;
  return [...(c.Shell ?? ['/bin/sh', '-c']), required(instr, args)];
}

/** `k=v k2="v 2"` pairs, or the legacy `k the rest of the line`. Keys and values are expanded. */
function keyValues(instr: string, args: string, lookup: VariableLookup): Array<[string, string]> {
  const words = required(instr, splitRawWords(args));
  if (!words[0]!.includes('=')) {
    const parts = args.split(/\s+/);
    if (parts.length < 2) throw invalidArgument(`${instr} must have two arguments`);
    const key = parts[0]!;
    return [[expandWord(key, lookup), expandWord(args.slice(key.length).trimStart(), lookup)]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) throw invalidArgument(`Syntax error - can't find = in "${w}". Must be of the form: name=value`);
    return [expandWord(w.slice(0, eq), lookup), expandWord(w.slice(eq + 1), lookup)];
  });
}

/** `80`, `80/udp`, `8000-8002/tcp` -> `80/tcp`, … as Docker's nat.ParsePortSpecs. */
function exposedPorts(spec: string): string[] {
  const [range = '', proto = 'tcp', ...extra] = spec.split('/');
  if (extra.length > 0 || !['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) throw invalidArgument(`invalid proto: ${proto}`);
  const m = /^(\d+)(?:-(\d+))?$/.exec(range);
  const start = m ? Number(m[1]) : NaN;
  const end = m?.[2] !== undefined ? Number(m[2]) : start;
  if (!m || start < 1 || end > 65535 || end < start) throw invalidArgument(`invalid containerPort: ${range}`);
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto.toLowerCase()}`);
  return out;
}

function isSignal(s: string): boolean {
  if (/^\d+$/.test(s)) return Number(s) > 0 && Number(s) <= 64;
  const name = s.toUpperCase().replace(/^SIG/, '');
  if (/^RTMIN(\+([0-9]|1[0-5]))?$/.test(name) || /^RTMAX(-([0-9]|1[0-4]))?$/.test(name)) return true;
  return Object.hasOwn(osConstants.signals, `SIG${name}`);
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds. */
function goDuration(flag: string, text: string): number {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    pos = re.lastIndex;
  }
  if (pos === 0 || pos !== text.length) throw invalidArgument(`invalid duration ${JSON.stringify(text)} for --${flag}`);
  return Math.round(total);
}

function healthcheck(args: string): OciHealthcheck {
  let rest = required('HEALTHCHECK', args);
  const hc: OciHealthcheck = {};
  for (let m = /^--([a-z-]+)=(\S*)\s*/.exec(rest); m; m = /^--([a-z-]+)=(\S*)\s*/.exec(rest)) {
    const [all, flag, value] = m as unknown as [string, string, string];
    rest = rest.slice(all.length);
    const ms = 1e6;
    switch (flag) {
      case 'interval':
      case 'timeout':
      case 'start-period':
      case 'start-interval': {
        const ns = goDuration(flag, value);
        if (ns !== 0 && ns < ms) throw invalidArgument(`${flag} cannot be less than 1ms`);
        const key = ({ interval: 'Interval', timeout: 'Timeout', 'start-period': 'StartPeriod', 'start-interval': 'StartInterval' } as const)[flag];
        hc[key] = ns;
        break;
      }
      case 'retries': {
        if (!/^-?\d+$/.test(value)) throw invalidArgument(`invalid value ${JSON.stringify(value)} for --retries`);
        if (Number(value) < 0) throw invalidArgument('--retries cannot be negative');
        hc.Retries = Number(value);
        break;
      }
      default:
        throw invalidArgument(`unknown flag: --${flag}`);
    }
  }
  const [kind = '', ...more] = rest.split(/\s+/);
  const typ = kind.toUpperCase();
  if (typ === 'NONE') {
    if (more.length > 0 || Object.keys(hc).length > 0) throw invalidArgument('HEALTHCHECK NONE takes no arguments');
    return { Test: ['NONE'] };
  }
  if (typ !== 'CMD') throw invalidArgument(`Unknown type "${typ}" in HEALTHCHECK (try CMD)`);
  const cmd = rest.slice(kind.length).trim();
  const exec = jsonArray(cmd);
  hc.Test = exec ? ['CMD', ...exec] : ['CMD-SHELL', required('HEALTHCHECK CMD', cmd)];
  return hc;
}
