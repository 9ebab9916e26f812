/**
 * Just enough of docker's reference package for display: split `name[:tag][@digest]`
 * and show names the "familiar" way (`docker.io/library/busybox` -> `busybox`).
 */
export interface ParsedReference {
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseReference(ref: string): ParsedReference {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

/** `docker.io/library/x` -> `x`, `docker.io/u/x` -> `u/x`; other registries unchanged. */
export function familiarName(name: string): string {
  for (const prefix of ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/']) {
    if (name.startsWith(prefix)) {
      const path = name.slice(prefix.length);
      return path.startsWith('library/') && !path.slice('library/'.length).includes('/') ? path.slice('library/'.length) : path;
    }
  }
  return name;
}

/** `busybox` -> `busybox:latest` (docker's TagNameOnly, familiar form), digests kept. */
export function withDefaultTag(ref: string): string {
  const r = parseReference(ref);
  if (r.digest !== undefined) return ref;
  return `${familiarName(r.name)}:${r.tag ?? 'latest'}`;
}

/** Docker's stringid.TruncateID: drop an algorithm prefix, keep 12 characters. */
export function truncateId(id: string): string {
  const colon = id.indexOf(':');
  return (colon >= 0 ? id.slice(colon + 1) : id).slice(0, 12);
}
