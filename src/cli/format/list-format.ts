import { GoTemplate } from './go-template.js';
import { alignColumns, TABLE_LAYOUT } from './tab-writer.js';
import { headerFunctions } from './template-functions.js';

export interface ListFormatOptions {
  /** The user's `--format` (undefined or "" for the default). */
  format: string | undefined;
  /** The default, e.g. `table {{.ID}}\t{{.Image}}`. */
  defaultTable: string;
  /** `-q`: just the ids; wins over `--format`. */
  quiet?: boolean;
  quietFormat?: string;
  /** The header row's data: field name -> column title, plus methods for fields with arguments. */
  header: object;
}

/**
 * Renders rows the way docker's formatter.Context does: `table` (default) or
 * `table TEMPLATE` gives aligned columns under a header row rendered from the same
 * template; `json` gives `{{json .}}` per row; anything else is a template run per
 * row. `\t` and `\n` written literally in the format are unescaped first.
 */
export function renderList(rows: readonly object[], opts: ListFormatOptions): string {
  const { template: source, table } = resolveFormat(opts);
  const template = GoTemplate.parse(source);
  let body = '';
  for (const row of rows) body += `${template.execute(row)}\n`;
  if (!table) return body;
  let header = '';
  try {
    header = template.withFunctions(headerFunctions).execute(opts.header);
  } catch {
    // docker ignores header rendering failures and shows what rendered
  }
  return alignColumns(`${header}\n${body}`, TABLE_LAYOUT);
}

/** The template to run and whether the output is a table. */
export function resolveFormat(opts: Pick<ListFormatOptions, 'format' | 'defaultTable' | 'quiet' | 'quietFormat'>):
  { template: string; table: boolean } {
  let format = opts.format ?? '';
  if (opts.quiet) format = opts.quietFormat ?? '{{.ID}}';
  else if (format === '' || format === 'table') format = opts.defaultTable;
  else if (format === 'json') format = '{{json .}}';
  const table = format.startsWith('table');
  if (table) format = format.slice('table'.length);
  format = format.replace(/^ +| +$/g, '').replaceAll('\\t', '\t').replaceAll('\\n', '\n');
  return { template: format, table };
}
