import { EngineError } from '../../core/engine-error.js';

/**
 * The OCI runtime could not start the process. `exitCode` is what docker reports
 * for it (127 not found, 126 not executable, 125 anything else) and is also in
 * the monitor's exit file. The message keeps the runtime's own words and adds the
 * phrase the docker CLI looks for ("executable file not found", "permission
 * denied") to pick its exit status, since crun words them differently.
 */
export class RuntimeStartError extends EngineError {
  constructor(
    readonly exitCode: number,
    readonly runtimeMessage: string,
    runtime: string,
  ) {
    super(exitCode === 126 || exitCode === 127 ? 'invalid_argument' : 'internal', describe(exitCode, runtimeMessage, runtime));
    this.name = 'RuntimeStartError';
  }
}

function describe(exitCode: number, message: string, runtime: string): string {
  const said = `${runtime}: ${message}`;
  if (exitCode === 127 && !message.includes('executable file not found')) {
    return `failed to start container process: executable file not found (${said})`;
  }
  if (exitCode === 126 && !message.includes('permission denied')) {
    return `failed to start container process: permission denied (${said})`;
  }
  return `failed to start container process: ${said}`;
}
