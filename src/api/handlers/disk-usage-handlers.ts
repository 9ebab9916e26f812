import { invalidArgument } from '../../core/engine-error.js';
import type { DiskUsage, DiskUsageType } from '../../engine/system/disk-usage.js';
import { type ApiHandler, json } from '../api-types.js';
import { toDiskUsage } from '../dockercompat/disk-usage-json.js';
import type { Router } from '../router.js';

const TYPES: readonly DiskUsageType[] = ['container', 'image', 'volume', 'build-cache'];

/** `docker system df` (GET /system/df) and the build cache half of `docker system prune`. */
export function addDiskUsageRoutes(router: Router<ApiHandler>, usage: DiskUsage): void {
  router.add('GET', '/system/df', async (req) => {
    const asked = req.query.getAll('type');
    for (const t of asked) if (!TYPES.includes(t as DiskUsageType)) throw invalidArgument(`unknown object type: ${t}`);
    const types = new Set<DiskUsageType>(asked.length && req.apiVersion >= 1.42 ? (asked as DiskUsageType[]) : TYPES);
    return json(toDiskUsage(await usage.report(types), { apiVersion: req.apiVersion }));
  });

  // berth has no builder, so no build cache: nothing to prune, truthfully.
  router.add('POST', '/build/prune', async () => json({ CachesDeleted: null, SpaceReclaimed: 0 }));
}
