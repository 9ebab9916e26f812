import { formatValue, goSprint, goSprintf, goSprintln, goTypeName, isPlainObject } from './go-format.js';
import { TemplateError } from './template-error.js';
import { isTrue } from './truth.js';

export type TemplateFunction = (...args: unknown[]) => unknown;

/**
 * text/template's built-in functions plus the ones docker adds (json, split,
 * join, title, lower, upper, pad, truncate). `and`/`or` are listed for the
 * parser; the executor evaluates them lazily, as Go does.
 */
export const templateFunctions: Record<string, TemplateFunction> = {
  and: (...args) => args.find((a) => !isTrue(a)) ?? args[args.length - 1],
  or: (...args) => args.find((a) => isTrue(a)) ?? args[args.length - 1],
  not: (a) => !isTrue(a),
  len: (a) => {
    if (typeof a === 'string') return Buffer.byteLength(a);
    if (Array.isArray(a)) return a.length;
    if (isPlainObject(a)) return Object.keys(a).length;
    throw new TemplateError(`len of type ${goTypeName(a)}`);
  },
  index: (item, ...keys) => {
    let cur = item;
    for (const key of keys) cur = indexOne(cur, key);
    return cur;
  },
  slice: (item, ...bounds) => {
    if (typeof item !== 'string' && !Array.isArray(item)) throw new TemplateError(`can't slice item of type ${goTypeName(item)}`);
    const [start = 0, end = item.length] = bounds as number[];
    if (start < 0 || end > item.length || start > end) throw new TemplateError(`index out of range: ${start}:${end}`);
    return item.slice(start, end);
  },
  print: (...args) => goSprint(args),
  printf: (format, ...args) => goSprintf(String(format), args),
  println: (...args) => goSprintln(args),
  eq: (a, ...rest) => {
    if (rest.length === 0) throw new TemplateError('missing argument for comparison');
    return rest.some((b) => a === b);
  },
  ne: (a, b) => a !== b,
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  html: (...args) => goSprint(args).replace(/[&<>"'\0]/g, (c) => HTML_ESCAPES[c]!),
  js: (...args) => goSprint(args).replace(/[\\'"<>&=\n\r\t]/g, (c) => JS_ESCAPES[c]!),
  urlquery: (...args) => encodeURIComponent(goSprint(args)).replace(/%20/g, '+'),
  call: (fn, ...args) => {
    if (typeof fn !== 'function') throw new TemplateError(`non-function of type ${goTypeName(fn)}`);
    return (fn as TemplateFunction)(...args);
  },
  // docker's additions (cli/templates)
  json: (v) => {
    const text = v === undefined ? 'null' : JSON.stringify(v) ?? 'null';
    // Row contexts marshal themselves (Go MarshalJSON through json.Marshal), which escapes HTML.
    return typeof v === 'object' && v !== null && !isPlainObject(v) && !Array.isArray(v) ? escapeHtmlInJson(text) : text;
  },
  split: (s, sep) => String(s).split(String(sep)),
  join: (list, sep) => {
    if (!Array.isArray(list)) throw new TemplateError(`wrong type for value; expected []string; got ${goTypeName(list)}`);
    return list.map(formatValue).join(String(sep));
  },
  title: (s) => String(s).replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  lower: (s) => String(s).toLowerCase(),
  upper: (s) => String(s).toUpperCase(),
  pad: (s, left, right) => ' '.repeat(Number(left)) + formatValue(s) + ' '.repeat(Number(right)),
  truncate: (s, n) => {
    const chars = [...formatValue(s)];
    return chars.length < Number(n) ? chars.join('') : chars.slice(0, Number(n)).join('');
  },
};

/**
 * Docker renders table headers by running the same template over the header
 * names with these functions swapped for ones that pass their input through,
 * so `{{upper .Names}}` still heads its column "NAMES".
 */
export const headerFunctions: Record<string, TemplateFunction> = {
  ...templateFunctions,
  ...Object.fromEntries(['json', 'split', 'join', 'title', 'lower', 'upper', 'pad', 'truncate'].map((name) => [name, (v: unknown) => v])),
};

function indexOne(item: unknown, key: unknown): unknown {
  if (Array.isArray(item) || typeof item === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) throw new TemplateError(`cannot index slice/array with type ${goTypeName(key)}`);
    if (key < 0 || key >= item.length) throw new TemplateError(`error calling index: index out of range: ${key}`);
    return typeof item === 'string' ? Buffer.from(item)[key] : item[key];
  }
  if (isPlainObject(item)) {
    const k = String(key);
    if (Object.hasOwn(item, k)) return item[k];
    // Go returns the map's zero value: "" for string maps such as labels.
    return Object.values(item).every((v) => typeof v === 'string') ? '' : null;
  }
  if (item === null || item === undefined) throw new TemplateError('index of untyped nil');
  throw new TemplateError(`can't index item of type ${goTypeName(item)}`);
}

function escapeHtmlInJson(text: string): string {
  return text.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\0': '\uFFFD' };
const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D', '\n': '\\n', '\r': '\\r', '\t': '\\t',
};
