import type { ContainerWaitResponse } from '../../client/types/container-types.js';
import type { CliContext } from '../cli-context.js';

/** The container's exit code from a wait; a wait error is reported and gives 125, as docker's CLI. */
export function exitStatus(ctx: CliContext, res: ContainerWaitResponse): number {
  if (res.Error?.Message) {
    ctx.err(`Error waiting for container: ${res.Error.Message}\n`);
    return 125;
  }
  return res.StatusCode;
}
