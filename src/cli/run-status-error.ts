import { CliError } from './cli-error.js';
import { errorText } from './error-text.js';

/**
 * Docker's toStatusError for `run`/`create`: "berth: <error>" with a help hint,
 * exiting 127 when the command couldn't be found, 126 when it couldn't be
 * executed, 125 for every other daemon or option error.
 */
export function runStatusError(err: unknown, command: string): CliError {
  const text = errorText(err);
  let code = 125;
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(text)) code = 127;
  else if (/permission denied|is a directory/.test(text)) code = 126;
  return new CliError(`berth: ${text}\n\nRun 'berth ${command} --help' for more information`, code);
}
