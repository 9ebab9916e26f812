/** The parsed form of a Go text/template (the subset berth supports). */

export type Operand =
  /** `.A.B` evaluated on dot; an empty chain is `.` itself. */
  | { kind: 'field'; chain: string[]; pos: number; text: string }
  /** `$x.A`; `$` alone is the root data. */
  | { kind: 'variable'; name: string; chain: string[]; pos: number; text: string }
  /** A function name, called with the command's other arguments. */
  | { kind: 'function'; name: string; pos: number; text: string }
  | { kind: 'literal'; value: unknown; pos: number; text: string }
  /** `(pipeline).A.B` */
  | { kind: 'subpipe'; pipe: Pipeline; chain: string[]; pos: number; text: string };

/** One stage of a pipeline: an operand and its arguments. */
export interface Command {
  args: Operand[];
  pos: number;
}

export interface Pipeline {
  /** Variables declared (`:=`) or assigned (`=`) with the result, e.g. `$i, $v := range`. */
  vars: string[];
  assign: boolean;
  cmds: Command[];
  pos: number;
  text: string;
}

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with' | 'range'; pipe: Pipeline; body: TemplateNode[]; elseBody: TemplateNode[] | undefined }
  | { kind: 'break' | 'continue'; pos: number };
