import { invalidArgument } from '../core/engine-error.js';
import { labelMatches } from '../core/label-match.js';
import type { Volume } from './volume.js';

/** The filters `GET /volumes` accepts (`prune` takes `label`, `label!` and `all`). */
export const LIST_FILTERS = ['name', 'label', 'label!', 'dangling', 'driver'] as const;

function truth(key: string, v: string): boolean {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalidArgument(`invalid filter '${key}=${v}'`);
}

/**
 * Docker's volume filter semantics: values of one key are alternatives (OR), keys combine with
 * AND; `name` is a substring match, `label` is `key` or `key=value`, `dangling` means unused.
 */
export function volumeMatches(vol: Volume, filters: Map<string, string[]>, inUse: boolean): boolean {
  for (const [key, values] of filters) {
    if (values.length === 0) continue;
    switch (key) {
      case 'name': if (!values.some((v) => vol.name.includes(v))) return false; break;
      case 'driver': if (!values.includes(vol.driver)) return false; break;
      case 'label': if (!values.every((v) => labelMatches(vol.labels, v))) return false; break;
      case 'label!': if (values.some((v) => labelMatches(vol.labels, v))) return false; break;
      case 'dangling': if (!values.some((v) => truth(key, v) === !inUse)) return false; break;
      case 'all': break;
      default: throw invalidArgument(`invalid filter '${key}'`);
    }
  }
  return true;
}
