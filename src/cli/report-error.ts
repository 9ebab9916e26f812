import type { Writable } from 'node:stream';
import { ClientError } from '../client/client-error.js';
import { StreamError } from '../client/stream-error.js';
import { EngineError } from '../core/engine-error.js';
import { UsageError } from './args/usage-error.js';
import { CliError } from './cli-error.js';
import { errorText } from './error-text.js';
import { TemplateError } from './format/template-error.js';

/**
 * Prints an error the way docker's CLI does and returns the exit code: usage
 * errors with the usage line and a hint (125 for flags, 1 for arguments), daemon
 * errors as "Error response from daemon: ..." (1), template errors as "template
 * parsing error: ..." (1). Unexpected errors get a stack trace only in debug mode.
 */
export function reportError(err: unknown, opts: { usage: string; debug: boolean; stderr: Writable }): number {
  const write = (text: string) => opts.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  if (err instanceof UsageError) {
    const prefix = err.prefixed ? 'berth: ' : '';
    const usage = err.showUsage ? `Usage:  ${opts.usage}\n\n` : '';
    write(`${prefix}${err.message}\n\n${usage}${err.hintVerb} '${commandPath(opts.usage)} --help' for more information`);
    return err.exitCode;
  }
  if (err instanceof CliError) {
    if (err.message !== '') write(err.message);
    return err.exitCode;
  }
  if (err instanceof ClientError) {
    write(errorText(err));
    return 1;
  }
  if (err instanceof StreamError || err instanceof EngineError) {
    write(err.message);
    return 1;
  }
  if (err instanceof TemplateError) {
    write(`template parsing error: ${err.message}`);
    return 1;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  write(opts.debug && e.stack ? e.stack : `berth: ${e.message}`);
  return 1;
}

/** `berth container ls [OPTIONS]` -> `berth container ls`: the words before the first placeholder. */
function commandPath(usage: string): string {
  const words: string[] = [];
  for (const w of usage.split(' ')) {
    if (w === '' || /[[A-Z|]/.test(w[0]!) || w.startsWith('[')) break;
    words.push(w);
  }
  return words.join(' ');
}
