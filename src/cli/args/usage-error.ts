/**
 * A command line the CLI can't act on. Docker exits 125 for flag errors and 1
 * for wrong argument counts and unknown commands; both print the usage line and
 * a hint to run `--help`.
 */
export class UsageError extends Error {
  readonly exitCode: number;
  /** Docker words the hint "Run '... --help'" for most errors, "See" for minimum-argument ones. */
  readonly hintVerb: 'Run' | 'See';
  /** Prefix the message with "berth: " (argument-count and unknown-command errors). */
  readonly prefixed: boolean;
  /** Print the usage line; docker leaves it out when `run`/`create` reject an option's value. */
  readonly showUsage: boolean;

  constructor(message: string, opts: { exitCode?: number; hintVerb?: 'Run' | 'See'; prefixed?: boolean; showUsage?: boolean } = {}) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = opts.exitCode ?? 125;
    this.hintVerb = opts.hintVerb ?? 'Run';
    this.prefixed = opts.prefixed ?? false;
    this.showUsage = opts.showUsage ?? true;
  }
}
