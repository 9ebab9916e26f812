/**
 * Go's fmt rules for the values templates see (JSON data and context objects):
 * `%v` printing, Sprint/Sprintln spacing, strconv.Quote, and a printf covering
 * the verbs people use in docker format strings.
 */

/** Go's `%v` of a value. Integral numbers print as integers (docker's typed structs hold ints). */
export function formatValue(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'function':
      return '<func>';
  }
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${formatValue(v[k])}`).join(' ')}]`;
  }
  const custom = (v as { toString(): string }).toString();
  if (custom !== '[object Object]') return custom;
  return `{${Object.values(v as object).map(formatValue).join(' ')}}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  return formatFloatG(n);
}

/** Go's `%v` of a float64: shortest digits, exponent form when the exponent is < -4 or >= 6 (`1.5e+06`). */
function formatFloatG(n: number): string {
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function goSprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

export function goSprintln(args: unknown[]): string {
  return `${args.map(formatValue).join(' ')}\n`;
}

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const VERB_RE = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;

/** fmt.Sprintf for %v %s %d %q %x %X %f %e %g %t %c %%, with flags, width and precision. */
export function goSprintf(format: string, args: unknown[]): string {
  let next = 0;
  let out = format.replace(VERB_RE, (_m, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[next++];
    const text = formatVerb(verb, arg, flags, prec === undefined ? undefined : Number(prec || 0));
    return pad(text, width === undefined ? 0 : Number(width), flags, verb, arg);
  });
  if (next < args.length) {
    out += `%!(EXTRA ${args.slice(next).map((a) => `${goTypeName(a)}=${formatValue(a)}`).join(', ')})`;
  }
  return out;
}

function formatVerb(verb: string, arg: unknown, flags: string, prec: number | undefined): string {
  switch (verb) {
    case 'v':
      return formatValue(arg);
    case 's': {
      if (arg === null || arg === undefined || typeof arg === 'number' || typeof arg === 'boolean') return bad(verb, arg);
      const text = formatValue(arg);
      return prec === undefined ? text : [...text].slice(0, prec).join('');
    }
    case 'q':
      return typeof arg === 'string' ? goQuote(arg) : Array.isArray(arg) ? `[${arg.map((a) => goQuote(String(a))).join(' ')}]` : bad(verb, arg);
    case 'd':
      if (typeof arg !== 'number' || !Number.isInteger(arg)) return bad(verb, arg);
      return flags.includes('+') && arg >= 0 ? `+${arg}` : String(arg);
    case 'x':
    case 'X': {
      let hex: string;
      if (typeof arg === 'number' && Number.isInteger(arg)) hex = arg.toString(16);
      else if (typeof arg === 'string') hex = Buffer.from(arg).toString('hex');
      else return bad(verb, arg);
      return verb === 'X' ? hex.toUpperCase() : hex;
    }
    case 'f':
    case 'F':
      return typeof arg === 'number' ? arg.toFixed(prec ?? 6) : bad(verb, arg);
    case 'e':
      return typeof arg === 'number' ? goExponent(arg.toExponential(prec ?? 6)) : bad(verb, arg);
    case 'g':
      return typeof arg === 'number' ? (prec === undefined ? formatNumber(arg) : goExponent(String(Number(arg.toPrecision(prec || 1))))) : bad(verb, arg);
    case 't':
      return typeof arg === 'boolean' ? String(arg) : bad(verb, arg);
    case 'c':
      return typeof arg === 'number' ? String.fromCodePoint(arg) : bad(verb, arg);
    default:
      return bad(verb, arg);
  }
}

/** JS writes `1e+5`; Go writes `1e+05`. */
function goExponent(text: string): string {
  return text.replace(/e([-+])(\d)$/, 'e$10$2');
}

function pad(text: string, width: number, flags: string, verb: string, arg: unknown): string {
  const len = [...text].length;
  if (len >= width) return text;
  if (flags.includes('-')) return text + ' '.repeat(width - len);
  if (flags.includes('0') && typeof arg === 'number' && 'dfFeEgxX'.includes(verb)) {
    const sign = /^[-+]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(width - len) + text.slice(sign.length);
  }
  return ' '.repeat(width - len) + text;
}

function bad(verb: string, arg: unknown): string {
  if (arg === null || arg === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
}

/** The Go type a JSON-decoded value would have, for messages. */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  if (isPlainObject(v)) return 'map[string]interface {}';
  return (v as object).constructor?.name ?? 'struct';
}
