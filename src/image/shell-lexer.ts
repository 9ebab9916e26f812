import { invalidArgument } from '../core/engine-error.js';

/** Looks a variable up; undefined means unset (distinct from empty). */
export type VariableLookup = (name: string) => string | undefined;

/**
 * Dockerfile word processing as Docker's builder does it for ENV, LABEL, EXPOSE,
 * USER, WORKDIR, VOLUME, STOPSIGNAL: single quotes are literal, double quotes
 * allow `\"`, `\$`, `\\` and expansion, a backslash outside quotes escapes the
 * next character, and `$VAR`, `${VAR}`, `${VAR:-w}`, `${VAR-w}`, `${VAR:+w}`,
 * `${VAR+w}`, `${VAR:?msg}`, `${VAR?msg}` expand. Unset variables expand to ''.
 */
export function expandWords(text: string, lookup: VariableLookup): string[] {
  return new Lexer(text, lookup).run(true);
}

/** Like expandWords but whitespace does not split: one word out. */
export function expandWord(text: string, lookup: VariableLookup): string {
  return new Lexer(text, lookup).run(false)[0] ?? '';
}

class Lexer {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly lookup: VariableLookup,
  ) {}

  run(split: boolean): string[] {
    const words: string[] = [];
    let cur = '';
    let inWord = false;
    while (this.i < this.text.length) {
      const ch = this.text[this.i]!;
      if (split && /\s/.test(ch)) {
        if (inWord) words.push(cur);
        cur = '';
        inWord = false;
        this.i++;
        continue;
      }
      inWord = true;
      cur += this.unit(ch);
    }
    if (inWord || !split) words.push(cur);
    return words;
  }

  /** One lexical unit starting at `ch`: a quoted string, an escape, an expansion or a char. */
  private unit(ch: string): string {
    if (ch === "'") return this.singleQuoted();
    if (ch === '"') return this.doubleQuoted();
    if (ch === '$') return this.dollar();
    this.i++;
    if (ch === '\\') {
      if (this.i >= this.text.length) return '';
      const next = this.text[this.i]!;
      this.i++;
      return next;
    }
    return ch;
  }

  private singleQuoted(): string {
    const end = this.text.indexOf("'", this.i + 1);
    if (end < 0) throw invalidArgument('unexpected end of statement while looking for matching single-quote');
    const s = this.text.slice(this.i + 1, end);
    this.i = end + 1;
    return s;
  }

  private doubleQuoted(): string {
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.text.length) throw invalidArgument('unexpected end of statement while looking for matching double-quote');
      const ch = this.text[this.i]!;
      if (ch === '"') {
        this.i++;
        return out;
      }
      if (ch === '$') {
        out += this.dollar();
        continue;
      }
      this.i++;
      if (ch === '\\' && this.i < this.text.length && '"$\\'.includes(this.text[this.i]!)) {
        out += this.text[this.i]!;
        this.i++;
        continue;
      }
      out += ch;
    }
  }

  private dollar(): string {
    this.i++; // the '$'
    const ch = this.text[this.i];
    if (ch === '{') return this.braced();
    const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9])/.exec(this.text.slice(this.i));
    if (!m) return '$';
    this.i += m[0].length;
    return this.lookup(m[0]) ?? '';
  }

  private braced(): string {
    this.i++; // the '{'
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9]+/.exec(this.text.slice(this.i));
    if (!m) throw invalidArgument(`bad substitution in ${JSON.stringify(this.text)}`);
    const name = m[0];
    this.i += name.length;
    const value = this.lookup(name);
    if (this.text[this.i] === '}') {
      this.i++;
      return value ?? '';
    }
    let colon = false;
    if (this.text[this.i] === ':') {
      colon = true;
      this.i++;
    }
    const op = this.text[this.i];
    if (op === undefined || !'-+?'.includes(op)) throw invalidArgument(`unsupported modifier in \${${name}…} in ${JSON.stringify(this.text)}`);
    this.i++;
    const word = this.untilBrace();
    const isSet = value !== undefined && (!colon || value !== '');
    switch (op) {
      case '-':
        return isSet ? value : word;
      case '+':
        return isSet ? word : '';
      default:
        if (!isSet) throw invalidArgument(`${name}: ${word || 'is not allowed to be unset'}`);
        return value;
    }
  }

  private untilBrace(): string {
    let out = '';
    for (;;) {
      const ch = this.text[this.i];
      if (ch === undefined) throw invalidArgument(`missing '}' in ${JSON.stringify(this.text)}`);
      if (ch === '}') {
        this.i++;
        return out;
      }
      out += this.unit(ch);
    }
  }
}

/**
 * Splits on unquoted whitespace but keeps quotes and escapes in the words, as the
 * Dockerfile parser does before `key=value` pairs are expanded one by one.
 */
export function splitRawWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === '' && /\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    inWord = true;
    cur += ch;
    if (ch === '\\' && quote !== "'" && i + 1 < text.length) {
      cur += text[++i]!;
    } else if (quote === '' && (ch === '"' || ch === "'")) {
      quote = ch;
    } else if (ch === quote) {
      quote = '';
    }
  }
  if (inWord) words.push(cur);
  return words;
}
