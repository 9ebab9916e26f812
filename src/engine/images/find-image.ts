import { invalidArgument, notFound } from '../../core/engine-error.js';
import type { StoredImage } from '../../image/image-store.js';
import {
  familiarString,
  formatReference,
  type ImageReference,
  parseReference,
  referenceName,
  withDefaultTag,
} from '../../image/reference.js';

/**
 * Docker's image lookup over a list of images: a full id (with or without
 * `sha256:`), then a reference (`name` means `name:latest`; `name@digest` matches a
 * recorded digest name or a manifest digest in that repository), then a unique id
 * prefix. `not_found` says "No such image: X" with X as Docker prints it.
 */
export function findImage(images: readonly StoredImage[], refOrId: string): StoredImage {
  const full = /^(?:sha256:)?([0-9a-f]{64})$/.exec(refOrId);
  if (full) {
    const img = images.find((i) => i.id === `sha256:${full[1]}`);
    if (img) return img;
    throw notFound(`No such image: sha256:${full[1]}`);
  }
  let ref: ImageReference | undefined;
  try {
    ref = parseReference(refOrId);
  } catch {
    ref = undefined;
  }
  if (ref) {
    const img = ref.digest ? byDigest(images, ref) : byName(images, formatReference(withDefaultTag(ref)));
    if (img) return img;
  }
  const prefix = /^(?:sha256:)?([0-9a-f]{1,63})$/.exec(refOrId);
  if (prefix) {
    const matches = images.filter((i) => i.id.startsWith(`sha256:${prefix[1]}`));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw invalidArgument(`multiple IDs found with provided prefix: ${refOrId}`);
  }
  // Docker names the reference as it looked it up: `busybox` -> `busybox:latest`.
  throw notFound(`No such image: ${ref ? familiarString(withDefaultTag(ref)) : refOrId}`);
}

function byName(images: readonly StoredImage[], name: string): StoredImage | undefined {
  return images.find((i) => i.names.includes(name));
}

function byDigest(images: readonly StoredImage[], ref: ImageReference): StoredImage | undefined {
  const repo = referenceName(ref);
  return (
    byName(images, `${repo}@${ref.digest}`) ??
    images.find((i) => i.manifest.digest === ref.digest && i.names.some((n) => n.startsWith(`${repo}:`) || n.startsWith(`${repo}@`)))
  );
}
