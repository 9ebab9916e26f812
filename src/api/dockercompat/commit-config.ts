import type { OciContainerConfig } from '../../image/oci-image.js';
import { JsonFields } from './json-fields.js';

/**
 * The optional body of `POST /commit` (a container Config) -> the run-time defaults it sets.
 * Only fields given are returned: the engine takes the rest from the container.
 */
export function toCommitConfig(body: Record<string, unknown>): OciContainerConfig {
  const c = JsonFields.of(body, 'body');
  const out: OciContainerConfig = {};
  const user = c.str('User');
  if (user) out.User = user;
  const env = c.strArray('Env');
  if (env) out.Env = env;
  const cmd = c.strSlice('Cmd');
  if (cmd?.length) out.Cmd = cmd;
  const entrypoint = c.strSlice('Entrypoint');
  if (entrypoint?.length) out.Entrypoint = entrypoint;
  const workingDir = c.str('WorkingDir');
  if (workingDir) out.WorkingDir = workingDir;
  const labels = c.strMap('Labels');
  if (labels) out.Labels = labels;
  const ports = c.keySet('ExposedPorts');
  if (ports?.length) out.ExposedPorts = Object.fromEntries(ports.map((p) => [p, {}]));
  const volumes = c.keySet('Volumes');
  if (volumes?.length) out.Volumes = Object.fromEntries(volumes.map((v) => [v, {}]));
  const stopSignal = c.str('StopSignal');
  if (stopSignal) out.StopSignal = stopSignal;
  return out;
}
