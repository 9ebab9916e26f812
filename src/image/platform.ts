import { invalidArgument } from '../core/engine-error.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Node's process.arch -> OCI/Go GOARCH names (with containerd's default variants). */
const ARCH: Record<string, { architecture: string; variant?: string }> = {
  x64: { architecture: 'amd64' },
  arm64: { architecture: 'arm64', variant: 'v8' },
  arm: { architecture: 'arm', variant: 'v7' },
  ia32: { architecture: '386' },
  ppc64: { architecture: 'ppc64le' },
  s390x: { architecture: 's390x' },
  riscv64: { architecture: 'riscv64' },
  loong64: { architecture: 'loong64' },
  mips: { architecture: 'mips' },
  mipsel: { architecture: 'mipsle' },
};

export function hostPlatform(): Platform {
  const a = ARCH[process.arch] ?? { architecture: process.arch };
  return { os: 'linux', ...a };
}

/**
 * Parses `os[/arch[/variant]]` as `docker import --platform` sends it; only linux
 * images can run here, anything else is invalid_argument.
 */
export function parsePlatform(text: string): Platform {
  const parts = text.toLowerCase().split('/');
  if (parts.length > 3 || parts.some((p) => p === '' || !/^[a-z0-9_.-]+$/.test(p))) {
    throw invalidArgument(`invalid platform ${JSON.stringify(text)}: expected os[/arch[/variant]]`);
  }
  const [os, arch, variant] = parts as [string, string?, string?];
  if (os !== 'linux') throw invalidArgument(`operating system "${os}" is not supported`);
  if (arch === undefined) return hostPlatform();
  const normalized = normalizeArch(arch, variant);
  return { os, ...normalized };
}

function normalizeArch(arch: string, variant?: string): { architecture: string; variant?: string } {
  switch (arch) {
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return variant && variant !== 'v1' ? { architecture: 'amd64', variant } : { architecture: 'amd64' };
    case 'aarch64':
    case 'arm64':
      return { architecture: 'arm64', variant: variant === '8' || variant === undefined ? 'v8' : variant };
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'arm':
      return { architecture: 'arm', variant: variant ?? 'v7' };
    case 'i386':
      return { architecture: '386' };
    default:
      return variant ? { architecture: arch, variant } : { architecture: arch };
  }
}
