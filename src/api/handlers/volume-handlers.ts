import { invalidArgument } from '../../core/engine-error.js';
import type { VolumeService } from '../../engine/volumes/volume-service.js';
import { LIST_FILTERS } from '../../volume/volume-filter.js';
import { type ApiHandler, json, noContent } from '../api-types.js';
import { JsonFields } from '../dockercompat/json-fields.js';
import { toVolumeJson, toVolumeList, toVolumePruneReport } from '../dockercompat/volume-json.js';
import { checkFilterKeys, parseFilters, queryBool, readJsonBody } from '../request-parsing.js';
import type { Router } from '../router.js';

const PRUNE_FILTERS = ['label', 'label!', 'all'] as const;

export function addVolumeRoutes(router: Router<ApiHandler>, volumes: VolumeService): void {
  router.add('GET', '/volumes', async (req) => {
    const filters = parseFilters(req.query.get('filters'));
    checkFilterKeys(filters, LIST_FILTERS);
    return json(toVolumeList(volumes.list(filters)));
  });

  router.add('POST', '/volumes/create', async (req) => {
    const body = new JsonFields(await readJsonBody(req.body, req.signal), 'body');
    const driver = body.str('Driver') ?? '';
    if (driver && driver !== 'local') throw invalidArgument(`create ${body.str('Name') ?? ''}: volume driver "${driver}" is not supported: only "local"`);
    const vol = await volumes.create(body.str('Name') ?? '', {
      labels: body.strMap('Labels') ?? {},
      options: body.strMap('DriverOpts') ?? {},
    });
    return json(toVolumeJson(vol), 201);
  });

  router.add('POST', '/volumes/prune', async (req) => {
    const filters = parseFilters(req.query.get('filters'));
    checkFilterKeys(filters, PRUNE_FILTERS);
    return json(toVolumePruneReport(await volumes.prune(filters)));
  });

  router.add('GET', '/volumes/:name', async (req) => json(toVolumeJson(volumes.inspect(req.params.name!))));

  router.add('DELETE', '/volumes/:name', async (req) => {
    await volumes.remove(req.params.name!, { force: queryBool(req.query, 'force') });
    return noContent();
  });
}
