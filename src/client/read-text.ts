import type { IncomingMessage } from 'node:http';

/** Reads a whole (small) response body as UTF-8. */
export async function readText(res: IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk as string;
  return text;
}
