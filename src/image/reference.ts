import type { Digest } from '../core/digest.js';
import { invalidArgument } from '../core/engine-error.js';

/**
 * A normalized image reference, as Docker's `ParseNormalizedNamed` produces:
 * `busybox` is domain `docker.io`, path `library/busybox`. `tag` and `digest` are
 * what the text said; `withDefaultTag` adds `latest` where Docker would.
 */
export interface ImageReference {
  domain: string;
  path: string;
  tag?: string;
  digest?: Digest;
}

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const NAME_MAX = 255;

// The grammar of distribution/reference, assembled from its parts.
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(
  `^((?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*)(?::(${tagPattern}))?(?:@(${digestPattern}))?$`,
);
const TAG_RE = new RegExp(`^${tagPattern}$`);
const HEX64_RE = /^[a-f0-9]{64}$/;

/**
 * Parses and normalizes a reference. Errors (invalid_argument) carry Docker's
 * messages, e.g. `invalid reference format: repository name (library/Busybox) must be lowercase`.
 */
export function parseReference(text: string): ImageReference {
  if (text === '') throw invalidArgument('invalid reference format: repository name must have at least one component');
  if (HEX64_RE.test(text)) {
    throw invalidArgument(`invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`);
  }
  const [domain, remainder] = splitDockerDomain(text);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep >= 0 ? remainder.slice(0, tagSep) : remainder;
  if (remoteName.toLowerCase() !== remoteName) {
    throw invalidArgument(`invalid reference format: repository name (${remoteName}) must be lowercase`);
  }
  const full = `${domain}/${remainder}`;
  const m = REFERENCE_RE.exec(full);
  if (!m) throw invalidArgument('invalid reference format');
  const name = m[1]!;
  if (name.length > NAME_MAX) throw invalidArgument(`repository name must not be more than ${NAME_MAX} characters`);
  const ref: ImageReference = { domain, path: name.slice(domain.length + 1) };
  if (m[2] !== undefined) ref.tag = m[2];
  if (m[3] !== undefined) ref.digest = validDigest(m[3]);
  return ref;
}

function validDigest(d: string): Digest {
  const [algo, hex] = d.split(':') as [string, string];
  if (algo === 'sha256' && /^[a-f0-9]{64}$/.test(hex)) return d as Digest;
  if (algo === 'sha512' && /^[a-f0-9]{128}$/.test(hex)) return d as Digest;
  if (algo === 'sha256' || algo === 'sha512') throw invalidArgument('invalid checksum digest length');
  throw invalidArgument('unsupported digest algorithm');
}

function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i < 0 ? '' : name.slice(0, i);
  if (i < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return [domain, remainder];
}

/** Docker's TagNameOnly: a reference with neither tag nor digest gets `latest`. */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref;
}

/** Replaces the tag (and drops any digest); `invalid tag format` if `tag` is not one. */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  if (!TAG_RE.test(tag)) throw invalidArgument('invalid tag format');
  return { domain: ref.domain, path: ref.path, tag };
}

/** `docker.io/library/busybox` */
export function referenceName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The full normalized form: `docker.io/library/busybox:latest`, `…@sha256:…`. */
export function formatReference(ref: ImageReference): string {
  return referenceName(ref) + suffix(ref);
}

/** `busybox`, `localhost:5000/a/b`, `user/repo` (Docker's FamiliarName). */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return referenceName(ref);
  const rest = ref.path.startsWith(OFFICIAL_PREFIX) ? ref.path.slice(OFFICIAL_PREFIX.length) : ref.path;
  return rest.includes('/') ? ref.path : rest;
}

/** `busybox:latest`, `localhost:5000/a/b@sha256:…` (Docker's FamiliarString). */
export function familiarString(ref: ImageReference): string {
  return familiarName(ref) + suffix(ref);
}

function suffix(ref: ImageReference): string {
  return (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}
