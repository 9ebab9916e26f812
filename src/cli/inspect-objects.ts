import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { errorText } from './error-text.js';
import { withGoFieldAliases } from './format/go-field-aliases.js';
import { GoTemplate } from './format/go-template.js';

/**
 * Docker's inspect output: the objects found, as an indented JSON array (or one
 * template rendering per object with `-f`), then the errors for the rest (exit 1).
 * Templates see the daemon's raw JSON, so `.State.Pid`, `.Config.Env` work.
 */
export async function inspectObjects(ctx: CliContext, names: readonly string[], format: string | undefined,
  lookup: (name: string) => Promise<unknown>): Promise<number> {
  const template = format && format !== 'json' ? GoTemplate.parse(format.replaceAll('\\t', '\t').replaceAll('\\n', '\n')) : undefined;
  const found: unknown[] = [];
  const errors: string[] = [];
  const results = await Promise.all(names.map((n) => lookup(n).then((v) => ({ v }), (err: unknown) => ({ err }))));
  for (const r of results) {
    if ('err' in r) errors.push(errorText(r.err));
    else found.push(r.v);
  }
  if (template) {
    for (const obj of found) ctx.out(`${template.execute(withGoFieldAliases(obj as object, { ID: 'Id' }))}\n`);
  } else if (format === 'json') {
    for (const obj of found) ctx.out(`${JSON.stringify(obj)}\n`);
  } else {
    ctx.out(`${found.length === 0 ? '[]' : JSON.stringify(found, null, 4)}\n`);
  }
  if (errors.length > 0) throw new CliError(errors.join('\n'));
  return 0;
}
