import { invalidArgument } from '../../core/engine-error.js';
import { labelMatches } from '../../core/label-match.js';
import type { NetworkRecord } from '../../core/network.js';

export const NETWORK_LIST_FILTERS = ['driver', 'id', 'label', 'label!', 'name', 'scope', 'type', 'dangling'] as const;
export const NETWORK_PRUNE_FILTERS = ['until', 'label', 'label!'] as const;

const PREDEFINED = new Set(['bridge', 'host', 'none']);

/**
 * Docker's network filters: values of one key are alternatives, keys combine with AND; `id` and
 * `name` match a prefix/substring as Docker does, `type` is `builtin` or `custom`.
 */
export function networkMatches(net: NetworkRecord, filters: Map<string, string[]>, inUse: boolean): boolean {
  for (const [key, values] of filters) {
    if (values.length === 0) continue;
    switch (key) {
      case 'driver': if (!values.includes(net.driver)) return false; break;
      case 'id': if (!values.some((v) => net.id.startsWith(v))) return false; break;
      case 'name': if (!values.some((v) => net.name.includes(v))) return false; break;
      case 'label': if (!values.every((v) => labelMatches(net.labels, v))) return false; break;
      case 'label!': if (values.some((v) => labelMatches(net.labels, v))) return false; break;
      case 'scope': if (!values.includes('local')) return false; break;
      case 'type': {
        for (const v of values) if (v !== 'builtin' && v !== 'custom') throw invalidArgument(`invalid filter: 'type'='${v}'`);
        if (!values.includes(PREDEFINED.has(net.name) ? 'builtin' : 'custom')) return false;
        break;
      }
      case 'dangling': {
        const want = values.map((v) => v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : (() => { throw invalidArgument(`invalid filter 'dangling=${v}'`); })());
        if (!want.includes(!inUse && !PREDEFINED.has(net.name))) return false;
        break;
      }
      case 'until': {
        const v = values[0]!;
        const t = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
        if (Number.isNaN(t)) throw invalidArgument(`invalid filter 'until=${v}'`);
        if (Date.parse(net.created) >= t) return false;
        break;
      }
      default: throw invalidArgument(`invalid filter '${key}'`);
    }
  }
  return true;
}
