import type { TemplateNode } from './template-ast.js';
import { TemplateExecutor } from './template-executor.js';
import { type TemplateFunction, templateFunctions } from './template-functions.js';
import { parseTemplate } from './template-parser.js';

/**
 * A Go text/template, as docker's `--format` flags take them: fields, pipelines,
 * if/else/with/range, variables, Go's built-in functions and docker's extra ones.
 * Parse once, execute per row.
 */
export class GoTemplate {
  private constructor(
    private readonly src: string,
    private readonly nodes: TemplateNode[],
    private readonly functions: Record<string, TemplateFunction>,
  ) {}

  /** Throws TemplateError on syntax errors or unknown functions. */
  static parse(src: string, functions: Record<string, TemplateFunction> = templateFunctions): GoTemplate {
    return new GoTemplate(src, parseTemplate(src, new Set(Object.keys(functions))), functions);
  }

  /** The same parsed template with other functions (docker's header rendering). */
  withFunctions(functions: Record<string, TemplateFunction>): GoTemplate {
    return new GoTemplate(this.src, this.nodes, functions);
  }

  /** Throws TemplateError when a field or function fails. */
  execute(data: unknown): string {
    return new TemplateExecutor(this.src, this.functions).run(this.nodes, data);
  }
}
