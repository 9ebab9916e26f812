import type { Volume } from '../../volume/volume.js';

/** Docker's `Volume` object (GET /volumes/{name}, list entries, create's answer). */
export function toVolumeJson(v: Volume): Record<string, unknown> {
  return {
    CreatedAt: v.createdAt.replace(/\.\d+Z$/, 'Z'),
    Driver: v.driver,
    Labels: v.labels,
    Mountpoint: v.mountpoint,
    Name: v.name,
    Options: Object.keys(v.options).length ? v.options : null,
    Scope: 'local',
  };
}

/** GET /volumes. */
export function toVolumeList(volumes: Volume[]): Record<string, unknown> {
  return { Volumes: volumes.map(toVolumeJson), Warnings: [] };
}

/** POST /volumes/prune. */
export function toVolumePruneReport(r: { deleted: string[]; reclaimed: number }): Record<string, unknown> {
  return { VolumesDeleted: r.deleted, SpaceReclaimed: r.reclaimed };
}
