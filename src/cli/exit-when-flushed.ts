/**
 * Exits with `code` once everything written to stdout and stderr has reached
 * the OS, so piped output is never cut short. A write's callback runs after all
 * earlier writes are flushed, which `writableLength` alone doesn't tell. Exiting
 * explicitly also ends handles a command may leave (stdin in raw mode, timers).
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) done();
    else stream.write('', () => done());
  }
}
