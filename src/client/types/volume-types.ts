/** Docker Engine API shapes for volumes (field names are Docker's). */

export interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Labels: Record<string, string> | null;
  Scope: string;
  Options: Record<string, string> | null;
  Status?: Record<string, unknown>;
  /** Only in `GET /system/df`: bytes used (-1 unknown) and containers referencing it. */
  UsageData?: { Size: number; RefCount: number } | null;
  [key: string]: unknown;
}

export interface VolumeListResponse {
  Volumes: Volume[] | null;
  Warnings: string[] | null;
}

/** `POST /volumes/create`; docker sends only what is set (Driver always). */
export interface VolumeCreateRequest {
  Name?: string;
  Driver: string;
  DriverOpts?: Record<string, string>;
  Labels?: Record<string, string>;
}

export interface VolumePruneResponse {
  VolumesDeleted: string[] | null;
  SpaceReclaimed: number;
}
