import type { Command, Operand, Pipeline, TemplateNode } from './template-ast.js';
import { TemplateError } from './template-error.js';
import { lexTemplate, lineAt, type Token } from './template-lexer.js';

/**
 * Parses a Go text/template into nodes. Function names are checked against
 * `functions` here, as Go does at parse time, so a typo fails before any output.
 */
export function parseTemplate(src: string, functions: ReadonlySet<string>): TemplateNode[] {
  return new Parser(src, lexTemplate(src), functions).parseRoot();
}

class Parser {
  private i = 0;
  private rangeDepth = 0;

  constructor(private readonly src: string, private readonly tokens: Token[], private readonly functions: ReadonlySet<string>) {}

  parseRoot(): TemplateNode[] {
    const { nodes, end } = this.parseList();
    if (end !== 'eof') throw this.error(this.tokens[this.i - 1]!, `unexpected {{${end}}}`);
    return nodes;
  }

  /** Nodes up to `{{end}}`, `{{else ...` or EOF; the terminating keyword is consumed, not its `}}` for else. */
  private parseList(): { nodes: TemplateNode[]; end: 'end' | 'else' | 'eof' } {
    const nodes: TemplateNode[] = [];
    for (;;) {
      const t = this.next();
      if (t.type === 'eof') return { nodes, end: 'eof' };
      if (t.type === 'text') {
        nodes.push({ kind: 'text', text: t.value });
        continue;
      }
      // t is '{{'
      const k = this.peek();
      if (k.type === 'keyword') {
        this.i++;
        switch (k.value) {
          case 'end':
            this.expect('close', 'end');
            return { nodes, end: 'end' };
          case 'else':
            return { nodes, end: 'else' };
          case 'if':
          case 'with':
            nodes.push(this.parseControl(k.value, k));
            continue;
          case 'range':
            this.rangeDepth++;
            nodes.push(this.parseControl('range', k));
            this.rangeDepth--;
            continue;
          case 'break':
          case 'continue':
            if (this.rangeDepth === 0) throw this.error(k, `{{${k.value}}} outside {{range}}`);
            this.expect('close', k.value);
            nodes.push({ kind: k.value, pos: k.pos });
            continue;
          default:
            throw this.error(k, `{{${k.value}}} is not supported`);
        }
      }
      const pipe = this.parsePipeline('command', true);
      this.expect('close', 'command');
      nodes.push({ kind: 'action', pipe });
    }
  }

  /** After `{{if`/`{{with`/`{{range`: pipeline, body, optional else (or else-if chain), end. */
  private parseControl(kind: 'if' | 'with' | 'range', at: Token): TemplateNode {
    const pipe = this.parsePipeline(kind, kind !== 'if');
    if (pipe.cmds.length === 0) throw this.error(at, `missing value for ${kind}`);
    this.expect('close', kind);
    const body = this.parseList();
    if (body.end === 'eof') throw this.error(at, 'unexpected EOF');
    if (body.end === 'end') return { kind, pipe, body: body.nodes, elseBody: undefined };
    // {{else}} or {{else if ...}} / {{else with ...}}: the chained node shares our {{end}}.
    const after = this.peek();
    if (after.type === 'keyword' && (after.value === 'if' || after.value === 'with') && kind !== 'range') {
      this.i++;
      const chained = this.parseControl(after.value, after);
      return { kind, pipe, body: body.nodes, elseBody: [chained] };
    }
    this.expect('close', 'else');
    const elseBody = this.parseList();
    if (elseBody.end !== 'end') throw this.error(at, elseBody.end === 'eof' ? 'unexpected EOF' : 'expected end; found {{else}}');
    return { kind, pipe, body: body.nodes, elseBody: elseBody.nodes };
  }

  private parsePipeline(context: string, allowDecl: boolean): Pipeline {
    const start = this.peek();
    const vars: string[] = [];
    let assign = false;
    if (start.type === 'variable') {
      const save = this.i;
      const names = [this.next().value];
      if (this.peek().type === 'comma') {
        this.i++;
        const second = this.next();
        if (second.type === 'variable') names.push(second.value);
        else this.i = save;
      }
      const op = this.peek();
      if (this.i !== save && (op.type === 'declare' || op.type === 'assign')) {
        if (!allowDecl && names.length > 1) throw this.error(op, `too many declarations in ${context}`);
        this.i++;
        vars.push(...names);
        assign = op.type === 'assign';
      } else {
        this.i = save;
      }
    }
    const cmds: Command[] = [];
    for (;;) {
      const cmd = this.parseCommand();
      if (cmd.args.length === 0) {
        if (cmds.length > 0 || vars.length > 0) throw this.error(this.peek(), `missing command in ${context}`);
        break;
      }
      cmds.push(cmd);
      if (this.peek().type !== 'pipe') break;
      this.i++;
    }
    const endPos = this.peek().pos;
    return { vars, assign, cmds, pos: start.pos, text: this.src.slice(start.pos, endPos).trim() };
  }

  private parseCommand(): Command {
    const args: Operand[] = [];
    const pos = this.peek().pos;
    for (;;) {
      const t = this.peek();
      if (t.type === 'close' || t.type === 'pipe' || t.type === 'rparen' || t.type === 'eof') break;
      args.push(this.parseOperand());
    }
    return { args, pos };
  }

  private parseOperand(): Operand {
    const t = this.next();
    switch (t.type) {
      case 'dot':
        return { kind: 'field', chain: [], pos: t.pos, text: '.' };
      case 'field': {
        const pos = this.chainPos(t);
        const chain = [t.value, ...this.chainAfter(t)];
        return { kind: 'field', chain, pos, text: this.textFrom(t) };
      }
      case 'variable': {
        const pos = this.chainPos(t);
        return { kind: 'variable', name: t.value, chain: this.chainAfter(t), pos, text: this.textFrom(t) };
      }
      case 'identifier':
        if (!this.functions.has(t.value)) throw this.error(t, `function ${JSON.stringify(t.value)} not defined`);
        return { kind: 'function', name: t.value, pos: t.pos, text: t.value };
      case 'string':
        return { kind: 'literal', value: t.value, pos: t.pos, text: this.src.slice(t.pos, t.end) };
      case 'bool':
        return { kind: 'literal', value: t.value === 'true', pos: t.pos, text: t.value };
      case 'nil':
        return { kind: 'literal', value: null, pos: t.pos, text: 'nil' };
      case 'number': {
        const value = Number(t.value.replace(/_/g, '').replace(/^([-+]?)0[oO]/, '$10o'));
        if (Number.isNaN(value)) throw this.error(t, `bad number syntax: ${JSON.stringify(t.value)}`);
        return { kind: 'literal', value, pos: t.pos, text: t.value };
      }
      case 'lparen': {
        const pipe = this.parsePipeline('parenthesized pipeline', false);
        const close = this.expect('rparen', 'parenthesized pipeline');
        const pos = this.chainPos(close, t.pos);
        return { kind: 'subpipe', pipe, chain: this.chainAfter(close), pos, text: this.textFrom(t) };
      }
      default:
        throw this.error(t, `unexpected ${JSON.stringify(t.value || t.type)} in operand`);
    }
  }

  /** Field names written directly after a token (`$x.A.B`, `(pipe).A`). */
  private chainAfter(prev: Token): string[] {
    const chain: string[] = [];
    let last = prev;
    while (this.peek().type === 'field' && this.peek().pos === last.end) {
      last = this.next();
      chain.push(last.value);
    }
    return chain;
  }

  /** Go positions a chained operand (`.A.B`, `$x.A`) at its first chained field, not its head. */
  private chainPos(head: Token, fallback = head.pos): number {
    const next = this.peek();
    return next.type === 'field' && next.pos === head.end ? next.pos : fallback;
  }

  private textFrom(t: Token): string {
    return this.src.slice(t.pos, this.tokens[this.i - 1]!.end);
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.type !== 'eof') this.i++;
    return t;
  }

  private expect(type: Token['type'], context: string): Token {
    const t = this.next();
    if (t.type !== type) {
      if (t.type === 'eof') throw this.error(t, `unclosed action`);
      throw this.error(t, `unexpected ${JSON.stringify(t.value)} in ${context}`);
    }
    return t;
  }

  private error(t: Token, message: string): TemplateError {
    return new TemplateError(`template: :${lineAt(this.src, t.pos)}: ${message}`);
  }
}
