import { readFileSync } from 'node:fs';

/**
 * Docker's env-file/label-file format: one `KEY=value` per line, `#` comments
 * and blank lines skipped, leading whitespace ignored. A line with just `KEY`
 * takes the value from `lookup` (the environment, for env files) and is
 * dropped when there is none or no lookup. Keys may not contain whitespace.
 */
export function readKeyValueFile(file: string, lookup?: (key: string) => string | undefined): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `open ${file}: no such file or directory` : `open ${file}: ${(err as Error).message}`);
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const lines: string[] = [];
  text.split(/\r?\n/).forEach((raw) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === '') throw new Error(`no variable name on line '${line}'`);
    if (/\s/.test(key)) throw new Error(`variable '${key.trim()}' contains whitespaces`);
    if (eq >= 0) {
      lines.push(line);
      return;
    }
    const value = lookup?.(key.trimEnd());
    if (value !== undefined) lines.push(`${key.trimEnd()}=${value}`);
  });
  return lines;
}
