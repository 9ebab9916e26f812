import { TemplateError } from './template-error.js';

export type TokenType =
  | 'text' | 'open' | 'close' | 'field' | 'variable' | 'identifier' | 'keyword' | 'dot'
  | 'string' | 'number' | 'bool' | 'nil' | 'pipe' | 'lparen' | 'rparen' | 'declare' | 'assign' | 'comma' | 'eof';

export interface Token {
  type: TokenType;
  /** Raw text, except for strings (the unquoted value) and fields/variables (the name without '.'/'$'). */
  value: string;
  /** Offset in the template, for error positions. */
  pos: number;
  /** Offset just past the token: `$x.A` chains only when `.A` starts where `$x` ends. */
  end: number;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'break', 'continue', 'define', 'template', 'block']);

/**
 * Splits a Go text/template into tokens: text runs and the contents of `{{ }}`
 * actions. Handles trim markers (`{{- ` and ` -}}`, which eat the adjacent
 * whitespace of neighbouring text) and comments (`{{/* ... *\/}}`).
 */
export function lexTemplate(src: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNextText = false;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    const trimBefore = open >= 0 && /^\{\{-[ \t\r\n]/.test(src.slice(open, open + 4));
    if (trimNextText) text = text.replace(/^\s+/, '');
    if (open >= 0 && trimBefore) text = text.replace(/\s+$/, '');
    if (text !== '') tokens.push({ type: 'text', value: text, pos, end: pos + text.length });
    if (open < 0) break;
    let p = open + 2 + (trimBefore ? 1 : 0);
    // Comments take the whole action.
    const afterSpace = src.slice(p).match(/^\s*/)![0].length;
    if (src.startsWith('/*', p + afterSpace)) {
      const endComment = src.indexOf('*/', p + afterSpace + 2);
      if (endComment < 0) throw new TemplateError(`template: :${lineAt(src, open)}: unclosed comment`);
      const close = src.slice(endComment + 2).match(/^\s*(-?)}}/);
      if (!close) throw new TemplateError(`template: :${lineAt(src, open)}: comment ends before closing delimiter`);
      trimNextText = close[1] === '-';
      pos = endComment + 2 + close[0].length;
      continue;
    }
    tokens.push({ type: 'open', value: '{{', pos: open, end: open + 2 });
    const end = lexAction(src, p, tokens);
    trimNextText = end.trim;
    pos = end.pos;
  }
  tokens.push({ type: 'eof', value: '', pos: src.length, end: src.length });
  return tokens;
}

function lexAction(src: string, start: number, tokens: Token[]): { pos: number; trim: boolean } {
  let p = start;
  let depth = 0;
  for (;;) {
    if (p >= src.length) throw new TemplateError(`template: :${lineAt(src, start)}: unclosed action`);
    const c = src[p]!;
    if (src.startsWith(' -}}', p) || src.startsWith('\t-}}', p) || src.startsWith('\n-}}', p)) {
      tokens.push({ type: 'close', value: '}}', pos: p + 2, end: p + 4 });
      return { pos: p + 4, trim: true };
    }
    if (src.startsWith('}}', p)) {
      if (depth > 0) throw new TemplateError(`template: :${lineAt(src, p)}: unclosed left paren`);
      tokens.push({ type: 'close', value: '}}', pos: p, end: p + 2 });
      return { pos: p + 2, trim: false };
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      p++;
      continue;
    }
    if (c === '|') { tokens.push({ type: 'pipe', value: c, pos: p, end: p + 1 }); p++; }
    else if (c === '(') { tokens.push({ type: 'lparen', value: c, pos: p, end: p + 1 }); p++; depth++; }
    else if (c === ')') {
      if (--depth < 0) throw new TemplateError(`template: :${lineAt(src, p)}: unexpected right paren`);
      tokens.push({ type: 'rparen', value: c, pos: p, end: p + 1 });
      p++;
    } else if (c === ',') { tokens.push({ type: 'comma', value: c, pos: p, end: p + 1 }); p++; }
    else if (src.startsWith(':=', p)) { tokens.push({ type: 'declare', value: ':=', pos: p, end: p + 2 }); p += 2; }
    else if (c === '=') { tokens.push({ type: 'assign', value: c, pos: p, end: p + 1 }); p++; }
    else if (c === '"') p = lexQuoted(src, p, tokens);
    else if (c === '`') {
      const end = src.indexOf('`', p + 1);
      if (end < 0) throw new TemplateError(`template: :${lineAt(src, p)}: unterminated raw quoted string`);
      tokens.push({ type: 'string', value: src.slice(p + 1, end), pos: p, end: end + 1 });
      p = end + 1;
    } else if (c === '.' && !/[0-9]/.test(src[p + 1] ?? '')) {
      const m = /^\.[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(p));
      const len = m ? m[0].length : 1;
      tokens.push(m ? { type: 'field', value: m[0].slice(1), pos: p, end: p + len } : { type: 'dot', value: '.', pos: p, end: p + 1 });
      p += len;
    } else if (c === '$') {
      const m = /^\$[A-Za-z0-9_]*/.exec(src.slice(p))!;
      tokens.push({ type: 'variable', value: m[0], pos: p, end: p + m[0].length });
      p += m[0].length;
    } else if (/[-+0-9.]/.test(c)) {
      const m = /^[-+]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?)/.exec(src.slice(p));
      if (!m || m[0] === '' || m[0] === '-' || m[0] === '+') throw new TemplateError(`template: :${lineAt(src, p)}: bad number syntax: ${JSON.stringify(src.slice(p, p + 5))}`);
      tokens.push({ type: 'number', value: m[0], pos: p, end: p + m[0].length });
      p += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(p))!;
      const word = m[0];
      const type: TokenType = word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : KEYWORDS.has(word) ? 'keyword' : 'identifier';
      tokens.push({ type, value: word, pos: p, end: p + word.length });
      p += word.length;
    } else {
      throw new TemplateError(`template: :${lineAt(src, p)}: unexpected ${JSON.stringify(c)} in command`);
    }
  }
}

function lexQuoted(src: string, start: number, tokens: Token[]): number {
  let p = start + 1;
  let value = '';
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };
  while (p < src.length && src[p] !== '"') {
    if (src[p] === '\n') break;
    if (src[p] === '\\') {
      const e = src[p + 1] ?? '';
      if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        value += String.fromCodePoint(parseInt(src.slice(p + 2, p + 2 + len), 16));
        p += 2 + len;
        continue;
      }
      if (!(e in escapes)) throw new TemplateError(`template: :${lineAt(src, p)}: invalid syntax in quoted string`);
      value += escapes[e];
      p += 2;
      continue;
    }
    value += src[p++];
  }
  if (src[p] !== '"') throw new TemplateError(`template: :${lineAt(src, start)}: unterminated quoted string`);
  tokens.push({ type: 'string', value, pos: start, end: p + 1 });
  return p + 1;
}

/** 1-based line of a byte offset, for messages. */
export function lineAt(src: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < src.length; i++) if (src[i] === '\n') line++;
  return line;
}
