import { invalidArgument } from '../../core/engine-error.js';
import type { OciRuntime } from '../oci-runtime.js';
import { CliOciRuntime, type CliOciRuntimeOptions } from './cli-oci-runtime.js';
import { crunDialect, runcDialect } from './runtime-dialect.js';

const DIALECTS = { crun: crunDialect, runc: runcDialect };

export type RuntimeName = keyof typeof DIALECTS;

export const RUNTIME_NAMES = Object.keys(DIALECTS) as RuntimeName[];

/** The driver for `--runtime <name>`; unknown names fail as in Docker. */
export function createOciRuntime(name: string, opts: CliOciRuntimeOptions): OciRuntime {
  const dialect = DIALECTS[name as RuntimeName];
  if (!dialect) throw invalidArgument(`unknown or invalid runtime name: ${name}`);
  return new CliOciRuntime(dialect, opts);
}
