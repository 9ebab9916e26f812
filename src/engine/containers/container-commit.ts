import { readdir } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type { ContainerConfig } from '../../core/container.js';
import type { Digest } from '../../core/digest.js';
import { EngineError } from '../../core/engine-error.js';
import { TarWriter } from '../../archive/tar-writer.js';
import { writeOverlayDiff } from '../../archive/write-overlay-diff.js';
import { applyConfigChanges } from '../../image/config-changes.js';
import type { OciContainerConfig } from '../../image/oci-image.js';
import type { CommitImageOptions } from '../images/image-committer.js';
import { overlayDirs } from './container-changes.js';
import { type ContainerContext, eventAttributes } from './container-context.js';
import type { ContainerLifecycle } from './container-lifecycle.js';

/** The image side of a commit (engine/images' ImageService). */
export interface ImageCommitPort {
  commit(opts: CommitImageOptions): Promise<{ id: Digest }>;
}

export interface CommitRequest {
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  /** Dockerfile-syntax config changes (`CMD ["sh"]`, `ENV A=1`, …). */
  changes: string[];
  /** Docker's default: freeze a running container while its layer is read. */
  pause: boolean;
  /** Run-time defaults that replace the container's (the request body's Config); unset fields come from the container. */
  config?: OciContainerConfig;
  signal?: AbortSignal;
}

/**
 * `docker commit`: a new image from a container's writable layer (its overlay upper directory,
 * written as a layer tar with whiteouts) and its config plus `changes`, with the container's
 * image as parent. A running container is paused meanwhile unless `pause` is false; the
 * container's lock is held while its layer is read, so it cannot be removed under the reader.
 */
export class ContainerCommitter {
  constructor(
    private readonly ctx: ContainerContext,
    private readonly lifecycle: Pick<ContainerLifecycle, 'pause' | 'unpause'>,
    private readonly images: ImageCommitPort,
  ) {}

  async commit(ref: string, req: CommitRequest): Promise<{ id: Digest }> {
    const rec = this.ctx.store.get(ref);
    const upper = overlayDirs(rec.rootfsMounts)?.upper;
    if (!upper) throw new EngineError('not_implemented', `commit of container ${rec.name}: its rootfs is not an overlay`);
    const config = applyConfigChanges({ ...runConfigOf(rec.config), ...req.config }, req.changes);
    const paused = req.pause && rec.state.status === 'running';
    if (paused) await this.lifecycle.pause(rec.id);
    let image: { id: Digest };
    try {
      image = await this.ctx.locks.run(rec.id, async () => {
        const changed = (await readdir(upper)).length > 0;
        return this.images.commit({
          parentId: rec.config.imageId,
          ...(changed ? { layer: diffStream(upper, req.signal) } : {}),
          config,
          createdBy: rec.config.cmd.join(' '),
          ...(req.author ? { author: req.author } : {}),
          ...(req.comment ? { comment: req.comment } : {}),
          ...(req.repo ? { repo: req.repo } : {}),
          ...(req.tag ? { tag: req.tag } : {}),
          ...(req.signal ? { signal: req.signal } : {}),
        });
      });
    } finally {
      if (paused) await this.lifecycle.unpause(rec.id).catch((err) => this.ctx.onBackgroundError(`unpausing ${rec.id} after commit`, err));
    }
    const imageRef = req.repo ? `${req.repo}:${req.tag || 'latest'}` : '';
    this.ctx.events.publish({
      type: 'container', action: 'commit', id: rec.id,
      attributes: eventAttributes(rec, { comment: req.comment ?? '', imageID: image.id, imageRef }),
    });
    return image;
  }
}

/** The container's config as image run-time defaults (what `docker commit` carries over). */
export function runConfigOf(c: ContainerConfig): OciContainerConfig {
  const set = <T>(v: T[]): T[] | undefined => (v.length > 0 ? v : undefined);
  const out: OciContainerConfig = {
    Env: [...c.env],
    Cmd: set([...c.cmd]) ?? null,
    Entrypoint: set([...c.entrypoint]) ?? null,
  };
  if (c.user) out.User = c.user;
  if (c.exposedPorts.length) out.ExposedPorts = Object.fromEntries(c.exposedPorts.map((p) => [p, {}]));
  if (c.volumes.length) out.Volumes = Object.fromEntries(c.volumes.map((v) => [v, {}]));
  if (c.workingDir) out.WorkingDir = c.workingDir;
  if (Object.keys(c.labels).length) out.Labels = { ...c.labels };
  // Containers record SIGTERM when neither the user nor the image chose a signal.
  if (c.stopSignal && c.stopSignal !== 'SIGTERM') out.StopSignal = c.stopSignal;
  return out;
}

/** The layer tar of `upper`, written while the consumer reads; a consumer that stops early ends the writer. */
async function* diffStream(upper: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const out = new PassThrough();
  const writer = new TarWriter(out);
  const writing = writeOverlayDiff(writer, upper, signal).then(() => writer.finish());
  writing.catch((err: Error) => out.destroy(err));
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) yield chunk;
    await writing;
  } finally {
    if (!out.destroyed) out.destroy(new Error('layer consumer went away'));
    await writing.catch(() => undefined);
  }
}
