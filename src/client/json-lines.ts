import { StringDecoder } from 'node:string_decoder';

/**
 * Yields the JSON values of a newline-delimited stream (events, pull and import
 * progress) as they arrive. Only the unfinished tail line is carried between
 * chunks. Values written back to back without a newline (`}{`) are split too, as
 * Go's streaming decoder accepts them.
 */
export async function* readJsonLines<T>(source: AsyncIterable<Buffer | string>, opts: { transformLine?: (line: string) => string } = {}):
  AsyncGenerator<T, void, undefined> {
  const transform = opts.transformLine ?? ((line: string) => line);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      yield* parseLine<T>(transform(line));
    }
  }
  pending += decoder.end();
  yield* parseLine<T>(transform(pending));
}

function* parseLine<T>(line: string): Generator<T> {
  const text = line.trim();
  if (text === '') return;
  try {
    yield JSON.parse(text) as T;
  } catch (err) {
    // `{...}{...}` on one line: split at top-level object boundaries.
    const parts = splitObjects(text);
    if (parts.length < 2) throw err;
    for (const part of parts) yield JSON.parse(part) as T;
  }
}

function splitObjects(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) {
      parts.push(text.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  return parts;
}
