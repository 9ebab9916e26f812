import { EngineError, invalidArgument } from '../../core/engine-error.js';
import type { ImageService } from '../../engine/images/image-service.js';
import { type ApiHandler, json } from '../api-types.js';
import { toImageDeleteResponse, toImageHistory, toImageInspect, toImagePruneReport, toImageSummary } from '../dockercompat/image-json.js';
import { checkFilterKeys, parseFilters, queryBool } from '../request-parsing.js';
import type { Router } from '../router.js';

export interface ImageHandlerDeps {
  images: ImageService;
  /** A container using the image, if any (removal refuses then, unless forced). */
  inUseBy: (imageId: string) => string | undefined;
  /** A running container using the image: removal refuses even when forced. */
  runningIn: (imageId: string) => string | undefined;
}

export function addImageRoutes(router: Router<ApiHandler>, d: ImageHandlerDeps): void {
  const { images } = d;

  router.add('POST', '/images/create', async (req) => {
    const fromSrc = req.query.get('fromSrc');
    const fromImage = req.query.get('fromImage');
    if (fromSrc === null && fromImage) {
      throw new EngineError('not_found', `pull access denied for ${fromImage}: berth has no registry client yet`,
        { hint: 'make images with `berth image bootstrap busybox` or `docker import`' });
    }
    if (fromSrc !== '-') throw invalidArgument(fromSrc ? `importing from a URL is not supported: ${fromSrc}` : 'fromSrc or fromImage is required');
    const repo = req.query.get('repo') || undefined;
    const tag = req.query.get('tag') || undefined;
    const image = await images.importTarball(req.body, {
      ...(repo ? { repo } : {}), ...(tag ? { tag } : {}),
      changes: req.query.getAll('changes'),
      ...(req.query.get('message') ? { message: req.query.get('message')! } : {}),
      ...(req.query.get('platform') ? { platform: req.query.get('platform')! } : {}),
      signal: req.signal,
    });
    return json({ status: image.id });
  });

  router.add('GET', '/images/json', async (req) => {
    const filters = parseFilters(req.query.get('filters'));
    checkFilterKeys(filters, ['reference', 'label', 'dangling', 'before', 'since', 'until']);
    const dangling = filters.get('dangling')?.[0];
    if (dangling !== undefined && dangling !== 'true' && dangling !== 'false') throw invalidArgument(`invalid filter 'dangling=${dangling}'`);
    const list = await images.list({
      all: queryBool(req.query, 'all'),
      filters: {
        ...(filters.has('reference') ? { reference: filters.get('reference')! } : {}),
        ...(filters.has('label') ? { label: filters.get('label')! } : {}),
        ...(dangling !== undefined ? { dangling: dangling === 'true' } : {}),
        ...(filters.has('before') ? { before: filters.get('before')! } : {}),
        ...(filters.has('since') ? { since: filters.get('since')! } : {}),
        ...(filters.has('until') ? { until: filters.get('until')! } : {}),
      },
    });
    return json(list.map((i) => toImageSummary(i, { apiVersion: req.apiVersion })));
  });

  router.add('GET', '/images/*name/json', async (req) => json(toImageInspect(await images.resolve(req.params.name!), { apiVersion: req.apiVersion })));

  router.add('GET', '/images/*name/history', async (req) => json(toImageHistory(await images.history(req.params.name!))));

  router.add('POST', '/images/*name/tag', async (req) => {
    const repo = req.query.get('repo');
    if (!repo) throw invalidArgument('repository name must have at least one component');
    await images.tag(req.params.name!, repo, req.query.get('tag') || undefined);
    return { kind: 'empty', status: 201 };
  });

  router.add('DELETE', '/images/*name', async (req) => {
    const result = await images.remove(req.params.name!, {
      force: queryBool(req.query, 'force'), noPrune: queryBool(req.query, 'noprune'), inUseBy: d.inUseBy, runningIn: d.runningIn,
    });
    return json(toImageDeleteResponse(result));
  });

  router.add('POST', '/images/prune', async (req) => {
    const filters = parseFilters(req.query.get('filters'));
    checkFilterKeys(filters, ['dangling', 'label', 'until']);
    const dangling = filters.get('dangling')?.[0] !== 'false';
    const result = await images.prune({
      dangling, inUseBy: d.inUseBy,
      filters: { ...(filters.has('label') ? { label: filters.get('label')! } : {}), ...(filters.has('until') ? { until: filters.get('until')! } : {}) },
    });
    return json(toImagePruneReport(result));
  });
}
