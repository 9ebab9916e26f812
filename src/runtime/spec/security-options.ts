import { invalidArgument } from '../../core/engine-error.js';

export type SeccompChoice =
  | { kind: 'default' }
  | { kind: 'unconfined' }
  /** The docker CLI reads `seccomp=<file>` and sends the file's JSON text in its place. */
  | { kind: 'custom'; profileJson: string };

export interface SecurityOptions {
  noNewPrivileges: boolean;
  seccomp: SeccompChoice;
  /** Undefined = Docker's default (writable only when privileged). */
  writableCgroups?: boolean;
  /** Accepted for compatibility; this host has neither AppArmor nor SELinux enforcement. */
  apparmorProfile?: string;
  labels: string[];
}

function parseBool(v: string): boolean | undefined {
  // Go's strconv.ParseBool, which Docker uses here.
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * Parses `--security-opt` values as dockerd does (daemon_unix.go parseSecurityOpt),
 * with its error messages: `key=value`, the deprecated `key:value`, or a bare flag.
 */
export function parseSecurityOptions(opts: readonly string[]): SecurityOptions {
  const out: SecurityOptions = { noNewPrivileges: false, seccomp: { kind: 'default' }, labels: [] };
  for (const opt of opts) {
    if (opt === 'no-new-privileges') {
      out.noNewPrivileges = true;
      continue;
    }
    if (opt === 'writable-cgroups') {
      out.writableCgroups = true;
      continue;
    }
    if (opt === 'disable') {
      out.labels.push('disable');
      continue;
    }
    const sep = opt.includes('=') ? '=' : opt.includes(':') ? ':' : undefined;
    if (sep === undefined) throw invalidArgument(`invalid --security-opt 1: ${JSON.stringify(opt)}`);
    const at = opt.indexOf(sep);
    const key = opt.slice(0, at);
    const value = opt.slice(at + 1);
    switch (key) {
      case 'label':
        out.labels.push(value);
        break;
      case 'apparmor':
        out.apparmorProfile = value;
        break;
      case 'seccomp':
        out.seccomp =
          value === 'unconfined'
            ? { kind: 'unconfined' }
            : value === 'builtin' || value === ''
              ? { kind: 'default' }
              : { kind: 'custom', profileJson: value };
        break;
      case 'no-new-privileges':
      case 'writable-cgroups': {
        const b = parseBool(value);
        if (b === undefined) throw invalidArgument(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
        if (key === 'no-new-privileges') out.noNewPrivileges = b;
        else out.writableCgroups = b;
        break;
      }
      default:
        throw invalidArgument(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
    }
  }
  return out;
}
