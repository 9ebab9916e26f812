/** A template that doesn't parse or fails while executing; messages follow Go's text/template. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}
