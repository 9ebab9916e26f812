import type { ContainerSummary } from './container-types.js';
import type { ImageSummary } from './image-types.js';
import type { Volume } from './volume-types.js';

/** Docker Engine API shapes for system endpoints (field names are Docker's). */

export interface VersionComponent {
  Name: string;
  Version: string;
  Details?: Record<string, string> | null;
}

export interface SystemVersion {
  Platform?: { Name: string };
  Components?: VersionComponent[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  GitCommit?: string;
  GoVersion?: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
  Experimental?: boolean;
  BuildTime?: string;
}

/** `GET /info`; many more fields exist and are printed by `info --format`. */
export interface SystemInfo {
  ID?: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver?: string;
  DriverStatus?: [string, string][] | null;
  DockerRootDir?: string;
  MemoryLimit?: boolean;
  SwapLimit?: boolean;
  CpuCfsPeriod?: boolean;
  CpuCfsQuota?: boolean;
  KernelMemory?: boolean;
  PidsLimit?: boolean;
  IPv4Forwarding?: boolean;
  Debug?: boolean;
  NFd?: number;
  NGoroutines?: number;
  SystemTime?: string;
  LoggingDriver?: string;
  CgroupDriver?: string;
  CgroupVersion?: string;
  NEventsListener?: number;
  KernelVersion?: string;
  OperatingSystem?: string;
  OSVersion?: string;
  OSType?: string;
  Architecture?: string;
  NCPU?: number;
  MemTotal?: number;
  IndexServerAddress?: string;
  HttpProxy?: string;
  HttpsProxy?: string;
  NoProxy?: string;
  Name?: string;
  Labels?: string[] | null;
  ExperimentalBuild?: boolean;
  ServerVersion?: string;
  Runtimes?: Record<string, { path?: string; runtimeArgs?: string[] }> | null;
  DefaultRuntime?: string;
  LiveRestoreEnabled?: boolean;
  Isolation?: string;
  InitBinary?: string;
  SecurityOptions?: string[] | null;
  Plugins?: { Volume?: string[] | null; Network?: string[] | null; Authorization?: string[] | null; Log?: string[] | null } | null;
  Warnings?: string[] | null;
  [key: string]: unknown;
}

export interface EventMessage {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> | null };
  scope?: string;
  time: number;
  /** Nanoseconds since the epoch, as a decimal string (too large for a JS number). */
  timeNano: string;
  /** Deprecated mirrors kept by the daemon for old clients. */
  status?: string;
  id?: string;
  from?: string;
}

/** `GET /system/df`; sections the daemon was not asked for are null. */
export interface DiskUsage {
  LayersSize?: number;
  Images: ImageSummary[] | null;
  Containers: ContainerSummary[] | null;
  Volumes: Volume[] | null;
  BuildCache: Array<{ ID: string; Size: number; InUse: boolean; Shared: boolean; [key: string]: unknown }> | null;
}

export interface BuildCachePruneResponse {
  CachesDeleted: string[] | null;
  SpaceReclaimed: number;
}
