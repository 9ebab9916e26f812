import type { FlagSpec } from './flag-spec.js';

export interface HelpSource {
  /** The full usage line, e.g. `berth run [OPTIONS] IMAGE [COMMAND] [ARG...]`. */
  usage: string;
  description: string;
  /** Full alternative spellings, e.g. `berth container ls, berth ps`. */
  aliases?: string;
  flags: readonly FlagSpec[];
}

/** A command's `--help`, laid out as docker's. */
export function helpText(src: HelpSource): string {
  const lines = [`Usage:  ${src.usage}`, '', src.description];
  if (src.aliases) lines.push('', 'Aliases:', `  ${src.aliases}`);
  const visible = src.flags.filter((f) => !f.hidden);
  if (visible.length > 0) lines.push('', 'Options:', ...flagLines(visible));
  return `${lines.join('\n')}\n`;
}

/** Flag rows aligned in two columns, docker style: `  -a, --all      Show all ...`. */
export function flagLines(flags: readonly FlagSpec[]): string[] {
  const heads = flags.map((f) => {
    const name = f.short ? `  -${f.short}, --${f.long}` : `      --${f.long}`;
    return f.kind === 'bool' ? name : `${name} ${f.type ?? (f.kind === 'list' ? 'list' : 'string')}`;
  });
  const width = Math.max(...heads.map((h) => h.length)) + 3;
  const out: string[] = [];
  flags.forEach((f, i) => {
    const text = f.defaultText === undefined ? f.description : `${f.description} (default ${f.defaultText})`;
    const [first = '', ...rest] = text.split('\n');
    out.push(`${heads[i]!.padEnd(width)}${first}`);
    for (const more of rest) out.push(`${' '.repeat(width)}${more}`);
  });
  return out;
}
