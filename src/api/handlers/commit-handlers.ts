import { notFound } from '../../core/engine-error.js';
import type { ContainerCommitter } from '../../engine/containers/container-commit.js';
import { type ApiHandler, json } from '../api-types.js';
import { toCommitConfig } from '../dockercompat/commit-config.js';
import { queryBool, readJsonBody } from '../request-parsing.js';
import type { Router } from '../router.js';

/** `POST /commit?container=&repo=&tag=&comment=&author=&pause=&changes=` (`docker commit`). */
export function addCommitRoutes(router: Router<ApiHandler>, commits: ContainerCommitter): void {
  router.add('POST', '/commit', async (req) => {
    const q = req.query;
    const container = q.get('container') ?? '';
    if (!container) throw notFound('No such container: ');
    const config = toCommitConfig(await readJsonBody(req.body, req.signal));
    const opt = (k: string) => q.get(k) || undefined;
    const repo = opt('repo');
    const tag = opt('tag');
    const comment = opt('comment');
    const author = opt('author');
    const image = await commits.commit(container, {
      ...(repo ? { repo } : {}), ...(tag ? { tag } : {}), ...(comment ? { comment } : {}), ...(author ? { author } : {}),
      changes: q.getAll('changes'),
      pause: queryBool(q, 'pause', true),
      ...(Object.keys(config).length ? { config } : {}),
      signal: req.signal,
    });
    return json({ Id: image.id }, 201);
  });
}
