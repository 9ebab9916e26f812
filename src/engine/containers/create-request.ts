import type { ContainerConfig, HostSettings } from '../../core/container.js';
import type { EndpointCreateRequest } from './ports.js';

/** What a create call carries; `undefined` means "not given", so image defaults apply. */
export interface CreateRequest {
  name?: string;
  config: Partial<ContainerConfig> & { image: string };
  host: Partial<HostSettings>;
  /** NetworkingConfig.EndpointsConfig: per-network aliases, static address, MAC. */
  endpoints?: EndpointCreateRequest[];
}

export const DEFAULT_HOST_SETTINGS: HostSettings = {
  autoRemove: false,
  privileged: false,
  readonlyRootfs: false,
  capAdd: [],
  capDrop: [],
  securityOpt: [],
  init: false,
  restartPolicy: { name: 'no', maximumRetryCount: 0 },
  resources: {},
  tmpfs: {},
  mounts: [],
  networkMode: 'default',
  runtime: '',
  shmSize: 64 * 1024 * 1024,
  sysctls: {},
  oomScoreAdj: 0,
  extraHosts: [],
  dns: [],
  groupAdd: [],
};
