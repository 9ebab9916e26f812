/**
 * A failure the daemon reported inside a streamed answer (an `errorDetail` line
 * of pull or import progress, a systemerr frame), after it had already answered
 * 200. The CLI prints the message as is, like docker's jsonmessage errors.
 */
export class StreamError extends Error {
  readonly code: number | undefined;

  constructor(message: string, code?: number) {
    super(message);
    this.name = 'StreamError';
    this.code = code;
  }
}
