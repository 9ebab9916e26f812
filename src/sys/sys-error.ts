import { getSystemErrorName } from 'node:util';

/**
 * A failed libc call. Shaped like Node's own ErrnoException (`code` is the errno
 * name such as `EBUSY`, `syscall`, `path`) so callers can treat it exactly like an
 * error from `node:fs`. `errno` is the positive Linux value.
 */
export class SysError extends Error {
  readonly errno: number;
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;

  constructor(syscall: string, errno: number, path?: string, detail?: string) {
    const code = errnoName(errno);
    const where = path === undefined ? '' : ` ${path}`;
    super(`${syscall}${where}: ${code}${detail ? ` (${detail})` : ''}`);
    this.name = 'SysError';
    this.errno = errno;
    this.code = code;
    this.syscall = syscall;
    if (path !== undefined) this.path = path;
  }

  static is(err: unknown, code?: string): err is SysError {
    return err instanceof SysError && (code === undefined || err.code === code);
  }
}

function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `errno ${errno}`;
  }
}
