import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';

/** What a handler sees of a request. */
export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Negotiated API version of this request, e.g. 1.47 (the path prefix, or ours). */
  apiVersion: number;
  headers: IncomingMessage['headers'];
  /** The request body. Handlers read it with `readJsonBody` or stream it. */
  body: Readable;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/**
 * What a handler returns. Handlers never write to the socket themselves except through `hijack`,
 * so status codes, headers and error bodies are decided in one place (api-server.ts).
 */
export type ApiResult =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'empty'; status: number; headers?: Record<string, string> }
  | { kind: 'text'; status: number; body: string; contentType: string; headers?: Record<string, string> }
  /** Headers go out at once (clients such as `docker run` wait for them), the body when ready. */
  | { kind: 'deferred-json'; status: number; body: Promise<unknown> }
  /** A long response body: events, logs, progress. Written as it comes; aborted on disconnect. */
  | { kind: 'stream'; status: number; contentType: string; body: AsyncIterable<Buffer | string>; headers?: Record<string, string> }
  /** Takes over the connection (attach, exec start): the server answers 101 (or 200) then calls run. */
  | { kind: 'hijack'; contentType: string; run: (conn: Duplex) => Promise<void> };

export type ApiHandler = (req: ApiRequest) => Promise<ApiResult>;

export const json = (body: unknown, status = 200): ApiResult => ({ kind: 'json', status, body });
export const noContent = (): ApiResult => ({ kind: 'empty', status: 204 });
export const notModified = (): ApiResult => ({ kind: 'empty', status: 304 });
