import { formatValue, goTypeName, isPlainObject } from './go-format.js';
import type { Command, Operand, Pipeline, TemplateNode } from './template-ast.js';
import { TemplateError } from './template-error.js';
import type { TemplateFunction } from './template-functions.js';
import { isTrue } from './truth.js';

/** Marks "no value piped in" (distinct from a piped undefined). */
const NONE = Symbol('none');
type Piped = unknown | typeof NONE;

class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

/**
 * Runs parsed template nodes over data with Go's semantics: fields of plain
 * objects are map lookups (a missing key is an error, except in string maps such
 * as labels, where it gives "<no value>"); fields of class instances
 * are struct fields or methods (missing is an error, a function is called with
 * the arguments); pipelines pass each result as the next command's last argument.
 */
export class TemplateExecutor {
  private out = '';
  private vars: { name: string; value: unknown }[] = [];

  constructor(private readonly src: string, private readonly functions: Record<string, TemplateFunction>) {}

  run(nodes: TemplateNode[], data: unknown): string {
    this.out = '';
    this.vars = [{ name: '$', value: data }];
    this.walk(nodes, data);
    return this.out;
  }

  private walk(nodes: TemplateNode[], dot: unknown): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          this.out += node.text;
          break;
        case 'action': {
          const value = this.evalPipeline(node.pipe, dot);
          if (node.pipe.vars.length === 0) this.out += formatValue(value);
          break;
        }
        case 'if':
        case 'with': {
          const mark = this.vars.length;
          const value = this.evalPipeline(node.pipe, dot);
          if (isTrue(value)) this.walk(node.body, node.kind === 'with' ? value : dot);
          else if (node.elseBody) this.walk(node.elseBody, dot);
          this.vars.length = mark;
          break;
        }
        case 'range':
          this.range(node.pipe, node.body, node.elseBody, dot);
          break;
        case 'break':
        case 'continue':
          throw new LoopSignal(node.kind);
      }
    }
  }

  private range(pipe: Pipeline, body: TemplateNode[], elseBody: TemplateNode[] | undefined, dot: unknown): void {
    const mark = this.vars.length;
    const value = this.evalPipeline({ ...pipe, vars: [] }, dot);
    let entries: [unknown, unknown][];
    if (Array.isArray(value)) entries = value.map((v, i) => [i, v]);
    else if (isPlainObject(value)) entries = Object.keys(value).sort().map((k) => [k, value[k]]);
    else if (typeof value === 'number' && Number.isInteger(value)) entries = Array.from({ length: Math.max(0, value) }, (_v, i) => [i, i]);
    else if (value === undefined || value === null) entries = [];
    else throw this.error(pipe.pos, pipe.text, `range can't iterate over ${formatValue(value)}`);
    if (entries.length === 0) {
      if (elseBody) this.walk(elseBody, dot);
      return;
    }
    for (const [key, elem] of entries) {
      if (pipe.vars.length === 1) this.vars.push({ name: pipe.vars[0]!, value: elem });
      else if (pipe.vars.length === 2) this.vars.push({ name: pipe.vars[0]!, value: key }, { name: pipe.vars[1]!, value: elem });
      try {
        this.walk(body, elem);
      } catch (err) {
        if (!(err instanceof LoopSignal)) throw err;
        if (err.kind === 'break') break;
      } finally {
        this.vars.length = mark;
      }
    }
  }

  private evalPipeline(pipe: Pipeline, dot: unknown): unknown {
    let value: Piped = NONE;
    for (const cmd of pipe.cmds) value = this.evalCommand(cmd, dot, value);
    const result = value === NONE ? undefined : value;
    if (pipe.vars.length > 0) {
      const name = pipe.vars[0]!;
      if (pipe.assign) {
        const slot = this.vars.findLast((v) => v.name === name);
        if (!slot) throw this.error(pipe.pos, pipe.text, `undefined variable: ${name}`);
        slot.value = result;
      } else {
        this.vars.push({ name, value: result });
      }
    }
    return result;
  }

  private evalCommand(cmd: Command, dot: unknown, final: Piped): unknown {
    const [first, ...rest] = cmd.args;
    if (!first) throw new TemplateError('empty command');
    switch (first.kind) {
      case 'field':
        return this.evalChain(dot, first.chain, rest, final, first, dot);
      case 'variable':
        return this.evalChain(this.variable(first), first.chain, rest, final, first, dot);
      case 'subpipe':
        return this.evalChain(this.evalPipeline(first.pipe, dot), first.chain, rest, final, first, dot);
      case 'function':
        return this.callFunction(first, rest, final, dot);
      case 'literal':
        if (rest.length > 0 || final !== NONE) throw this.error(first.pos, first.text, `can't give argument to non-function ${first.text}`);
        return first.value;
    }
  }

  private callFunction(op: Operand & { kind: 'function' }, argOps: Operand[], final: Piped, dot: unknown): unknown {
    const fn = this.functions[op.name];
    if (!fn) throw this.error(op.pos, op.text, `function ${JSON.stringify(op.name)} not defined`);
    // and/or stop evaluating at the first deciding argument (Go 1.18+).
    if (op.name === 'and' || op.name === 'or') {
      const thunks: (() => unknown)[] = argOps.map((a) => () => this.evalArg(a, dot));
      if (final !== NONE) thunks.push(() => final);
      if (thunks.length === 0) throw this.error(op.pos, op.text, `wrong number of args for ${op.name}: want at least 1 got 0`);
      let v: unknown;
      for (const thunk of thunks) {
        v = thunk();
        if (isTrue(v) === (op.name === 'or')) return v;
      }
      return v;
    }
    const args = argOps.map((a) => this.evalArg(a, dot));
    if (final !== NONE) args.push(final);
    try {
      return fn(...args);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw this.error(op.pos, op.text, reason.startsWith('error calling') ? reason : `error calling ${op.name}: ${reason}`);
    }
  }

  private evalArg(op: Operand, dot: unknown): unknown {
    switch (op.kind) {
      case 'field':
        return this.evalChain(dot, op.chain, [], NONE, op, dot);
      case 'variable':
        return this.evalChain(this.variable(op), op.chain, [], NONE, op, dot);
      case 'subpipe':
        return this.evalChain(this.evalPipeline(op.pipe, dot), op.chain, [], NONE, op, dot);
      case 'function':
        return this.callFunction(op, [], NONE, dot);
      case 'literal':
        return op.value;
    }
  }

  private variable(op: Operand & { kind: 'variable' }): unknown {
    const slot = this.vars.findLast((v) => v.name === op.name);
    if (!slot) throw this.error(op.pos, op.text, `undefined variable: ${op.name}`);
    return slot.value;
  }

  /** `.A.B.C args...`: only the last element receives the arguments (as a method). */
  private evalChain(receiver: unknown, chain: string[], argOps: Operand[], final: Piped, op: Operand, dot: unknown): unknown {
    if (chain.length === 0) {
      if (argOps.length > 0 || final !== NONE) throw this.error(op.pos, op.text, `can't give argument to non-function ${op.text}`);
      return receiver;
    }
    let cur = receiver;
    chain.forEach((name, i) => {
      const last = i === chain.length - 1;
      cur = this.evalField(cur, name, last ? argOps : [], last ? final : NONE, op, dot);
    });
    return cur;
  }

  private evalField(receiver: unknown, name: string, argOps: Operand[], final: Piped, op: Operand, dot: unknown): unknown {
    const hasArgs = argOps.length > 0 || final !== NONE;
    if (receiver === undefined || receiver === null) {
      throw this.error(op.pos, op.text, `nil pointer evaluating interface {}.${name}`);
    }
    if (isPlainObject(receiver)) {
      if (hasArgs) throw this.error(op.pos, op.text, `${name} is not a method but has arguments`);
      if (Object.hasOwn(receiver, name)) return receiver[name];
      // Docker's inspect runs with missingkey=error, and its typed structs reject unknown
      // fields; only genuine string maps (labels, options) answer "<no value>".
      if (Object.values(receiver).every((v) => typeof v === 'string')) return undefined;
      throw this.error(op.pos, op.text, `map has no entry for key ${JSON.stringify(name)}`);
    }
    if (typeof receiver !== 'object' || Array.isArray(receiver)) {
      throw this.error(op.pos, op.text, `can't evaluate field ${name} in type ${goTypeName(receiver)}`);
    }
    if (!(name in receiver)) throw this.error(op.pos, op.text, `can't evaluate field ${name} in type ${goTypeName(receiver)}`);
    const member = (receiver as Record<string, unknown>)[name];
    if (typeof member === 'function') {
      const args = argOps.map((a) => this.evalArg(a, dot));
      if (final !== NONE) args.push(final);
      try {
        return (member as TemplateFunction).apply(receiver, args);
      } catch (err) {
        throw this.error(op.pos, op.text, `error calling ${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (hasArgs) throw this.error(op.pos, op.text, `${name} is not a method but has arguments`);
    return member;
  }

  /** Go's execution error: `template: :1:2: executing "" at <.Foo>: reason`. */
  private error(pos: number, text: string, reason: string): TemplateError {
    const before = this.src.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    const col = nl < 0 ? pos : pos - nl - 1;
    return new TemplateError(`template: :${line}:${col}: executing "" at <${text}>: ${reason}`);
  }
}
