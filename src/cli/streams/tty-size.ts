import type { Writable } from 'node:stream';

type SizedStream = Writable & { isTTY?: boolean; columns?: number; rows?: number };

/** The terminal's size as docker's ConsoleSize ([height, width]), or undefined when not a terminal. */
export function consoleSize(out: SizedStream): [number, number] | undefined {
  if (!out.isTTY || !out.columns || !out.rows) return undefined;
  return [out.rows, out.columns];
}

/**
 * Keeps a remote tty's size in step with the local terminal: once now (retried
 * briefly, as the process may not have its tty yet) and on every resize. Returns
 * a function that stops watching.
 */
export function monitorTtySize(out: SizedStream, resize: (size: { height: number; width: number }) => Promise<void>): () => void {
  if (!out.isTTY) return () => {};
  const send = () => {
    const size = consoleSize(out);
    return size ? resize({ height: size[0], width: size[1] }) : Promise.resolve();
  };
  let attempts = 0;
  const initial = () => {
    send().catch(() => {
      if (++attempts < 5) setTimeout(initial, 10 * attempts).unref();
    });
  };
  initial();
  const onResize = () => void send().catch(() => {});
  out.on('resize', onResize);
  return () => out.off('resize', onResize);
}
