import { invalidArgument } from '../core/engine-error.js';

/**
 * The path components of a tar entry name inside the layer root, cleaned like Go's
 * filepath.Clean: `.` and empty components vanish, `..` pops. An absolute name is
 * taken relative to the root (as Docker does), where `..` stops at the root; a
 * relative name whose `..` would climb above the root is refused. `[]` is the root.
 */
export function layerPathSegments(name: string): string[] {
  if (name.includes('\0')) throw invalidArgument(`invalid tar entry name ${JSON.stringify(name)}: contains NUL`);
  const absolute = name.startsWith('/');
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0) out.pop();
      else if (!absolute) throw invalidArgument(`tar entry ${JSON.stringify(name)} escapes the layer root`);
      continue;
    }
    out.push(part);
  }
  return out;
}
