import { invalidArgument } from '../../core/engine-error.js';
import type { ImageRecord } from './image-record.js';
import { labelMatches } from '../../core/label-match.js';

export interface ImageListFilters {
  /** Glob patterns (Go path.Match) over `name:tag` or `name`; any may match. */
  reference?: string[];
  /** `key` or `key=value`; all must match. */
  label?: string[];
  /** true: only untagged images; false: only images with a tag or digest. */
  dangling?: boolean;
  /** Only images created before / since the named image. */
  before?: string[];
  since?: string[];
  /** Only images created before this time (unix seconds, RFC 3339 or a Go duration ago). */
  until?: string[];
}

/** Resolved time bounds, computed once per listing. */
export interface TimeBounds {
  before?: number;
  since?: number;
  until?: number;
}

export function matchesFilters(rec: ImageRecord, f: ImageListFilters, t: TimeBounds): boolean {
  const untagged = rec.repoTags.length === 0;
  if (f.dangling === true && !untagged) return false;
  if (f.dangling === false && untagged && rec.repoDigests.length === 0) return false;
  if (f.label?.length && !f.label.every((l) => labelMatches(rec.config.config?.Labels ?? {}, l))) return false;
  if (f.reference?.length) {
    const names = [...rec.repoTags, ...rec.repoDigests];
    if (!f.reference.some((p) => names.some((n) => referenceMatches(p, n)))) return false;
  }
  const created = Date.parse(rec.created);
  if (t.before !== undefined && !(created < t.before)) return false;
  if (t.since !== undefined && !(created > t.since)) return false;
  if (t.until !== undefined && !(created < t.until)) return false;
  return true;
}

export { labelMatches };

/** Docker's FamiliarMatch: the pattern against `name:tag` (or `name@digest`), then against `name`. */
export function referenceMatches(pattern: string, familiar: string): boolean {
  const re = globToRegExp(pattern);
  if (re.test(familiar)) return true;
  const at = familiar.indexOf('@');
  const name = at >= 0 ? familiar.slice(0, at) : familiar.replace(/:[^:/]+$/, '');
  return re.test(name);
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw invalidArgument(`invalid reference filter pattern ${JSON.stringify(pattern)}`);
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = `^${cls.slice(1).replace(/[\\\]]/g, '\\$&')}`;
      else cls = cls.replace(/[\\\]^]/g, '\\$&');
      re += `[${cls}]`;
      i = end;
    } else re += escape(ch);
  }
  return new RegExp(`^${re}$`);
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** Docker's GetTimestamp: unix seconds, an RFC 3339 / ISO date, or a Go duration before `now`. */
export function parseTimestamp(text: string, now: number): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) {
    let ms = 0;
    for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * UNITS[m[2]!]!;
    return now - ms;
  }
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw invalidArgument(`invalid timestamp ${JSON.stringify(text)}`);
  return t;
}
