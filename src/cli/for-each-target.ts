import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { errorText } from './error-text.js';

/**
 * Docker's pattern for `stop a b c` and friends: act on every target at once,
 * print each target that succeeded (in argument order, as given), then every
 * error; exit 1 if any failed. `action` may return the line to print instead.
 */
export async function forEachTarget(ctx: CliContext, targets: readonly string[], action: (target: string) => Promise<string | void>):
  Promise<number> {
  const results = targets.map((t) => action(t).then((line) => ({ ok: true as const, line: line ?? t }), (err: unknown) => ({ ok: false as const, err })));
  const errors: string[] = [];
  for (const pending of results) {
    const r = await pending;
    if (r.ok) ctx.out(`${r.line}\n`);
    else errors.push(errorText(r.err));
  }
  if (errors.length > 0) throw new CliError(errors.join('\n'));
  return 0;
}
