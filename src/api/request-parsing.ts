import type { Readable } from 'node:stream';
import { EngineError, invalidArgument } from '../core/engine-error.js';

const MAX_JSON_BODY = 4 * 1024 * 1024;

/** Reads a JSON body; an empty body is `{}`. Malformed JSON is a 400, never a crash. */
export async function readJsonBody(body: Readable, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Not destroyed on an early exit: the server drains what is left after answering (see api-server).
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    signal?.throwIfAborted();
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY) throw invalidArgument(`request body larger than ${MAX_JSON_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new EngineError('invalid_argument', `invalid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidArgument('invalid JSON: expected an object');
  }
  return parsed as Record<string, unknown>;
}

/** Docker's boolean query values: absent, "", "0", "no", "false", "none" are false. */
export function queryBool(q: URLSearchParams, name: string, dflt = false): boolean {
  const v = q.get(name);
  if (v === null) return dflt;
  return !['', '0', 'no', 'false', 'none'].includes(v.toLowerCase());
}

export function queryInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw invalidArgument(`invalid value for ${name}: ${JSON.stringify(v)}`);
  return n;
}

export type Filters = Map<string, string[]>;

/**
 * The `filters` query parameter: `{"status":["running"]}` or the legacy
 * `{"status":{"running":true}}` form older clients send.
 */
export function parseFilters(raw: string | null): Filters {
  const out: Filters = new Map();
  if (raw === null || raw === '') return out;
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    throw invalidArgument(`invalid filter: ${JSON.stringify(raw)}`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw invalidArgument('invalid filter: expected an object');
  for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
    if (Array.isArray(value)) out.set(key, value.map(String));
    else if (value && typeof value === 'object') out.set(key, Object.keys(value).filter((k) => (value as Record<string, unknown>)[k]));
    else throw invalidArgument(`invalid filter '${key}'`);
  }
  return out;
}

/** Rejects filter keys a list endpoint does not know, as Docker does ("invalid filter 'x'"). */
export function checkFilterKeys(filters: Filters, allowed: readonly string[]): void {
  for (const key of filters.keys()) if (!allowed.includes(key)) throw invalidArgument(`invalid filter '${key}'`);
}
