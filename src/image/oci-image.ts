import type { Descriptor } from '../core/descriptor.js';
import type { Digest } from '../core/digest.js';

/**
 * The OCI image config document (image-spec config.md) plus the fields Docker
 * writes into it (`comment`, `docker_version`, healthcheck, onbuild). Keys keep the
 * spec's spelling because this is the stored blob whose digest is the image id.
 */
export interface OciImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  config?: OciContainerConfig;
  rootfs: { type: 'layers'; diff_ids: Digest[] };
  history?: OciHistory[];
  /** Docker: the commit or import message. */
  comment?: string;
  docker_version?: string;
}

/** The run-time defaults a container inherits from its image. */
export interface OciContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  /** Docker extensions. */
  Healthcheck?: OciHealthcheck;
  OnBuild?: string[] | null;
  Shell?: string[];
}

/** Durations in nanoseconds, as Docker stores them. */
export interface OciHealthcheck {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface OciHistory {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}
