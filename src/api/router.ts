/**
 * Routes are data: a method, a path pattern with `:param` segments (a final `*param` takes the
 * rest, for image names with slashes), and a handler. Matching walks the table once per request;
 * the table is small (tens of routes), so a trie would buy nothing measurable.
 */
export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
}

interface CompiledRoute<H> {
  method: string;
  segments: string[];
  handler: H;
}

export class Router<H> {
  private readonly routes: CompiledRoute<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Returns the match, or 'method-not-allowed' when only the path matched, or undefined. */
  match(method: string, path: string): RouteMatch<H> | 'method-not-allowed' | undefined {
    const parts = path.split('/').filter(Boolean).map(safeDecode);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { handler: route.handler, params };
      pathMatched = true;
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i]!;
    if (seg.startsWith('*')) {
      if (i >= parts.length) return undefined;
      // A rest-parameter followed by fixed suffix segments, e.g. /images/*name/json.
      const suffix = pattern.slice(i + 1);
      const restEnd = parts.length - suffix.length;
      if (restEnd <= i) return undefined;
      for (let j = 0; j < suffix.length; j++) if (suffix[j] !== parts[restEnd + j]) return undefined;
      params[seg.slice(1)] = parts.slice(i, restEnd).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.startsWith(':')) params[seg.slice(1)] = part;
    else if (seg !== part) return undefined;
  }
  return pattern.length === parts.length ? params : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
