/** The daemon's `{"message": ...}`, or the raw body when it isn't JSON. */
export function daemonErrorMessage(body: string, status: number): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown } | null;
    if (typeof parsed?.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through to the text itself
  }
  const text = body.trim();
  return text === '' ? `request failed with status ${status}` : text;
}
