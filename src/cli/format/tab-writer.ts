export interface TabWriterOptions {
  minWidth: number;
  padding: number;
  padChar?: string;
}

/** Docker's table settings: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0). */
export const TABLE_LAYOUT: TabWriterOptions = { minWidth: 10, padding: 3 };

/**
 * Aligns tab-separated cells into columns exactly as Go's text/tabwriter does
 * (docker's tables depend on its quirks): a cell is text ending in a tab, the
 * text after a line's last tab is not part of any column, a column block is a
 * run of consecutive lines that have that cell, and a line without tabs ends
 * every block. Widths count code points, as Go counts runes.
 */
export function alignColumns(text: string, opts: TabWriterOptions): string {
  const trailingNewline = text.endsWith('\n');
  const rows = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  let out = '';
  let blockStart = 0;
  rows.forEach((row, i) => {
    if (!row.includes('\t')) {
      out += formatRows(rows.slice(blockStart, i + 1).map((r) => r.split('\t')), opts);
      blockStart = i + 1;
    }
  });
  out += formatRows(rows.slice(blockStart).map((r) => r.split('\t')), opts);
  // Rows are joined with newlines; the last one gets one only if the input had it.
  return trailingNewline ? out : out.slice(0, -1);
}

function formatRows(lines: string[][], opts: TabWriterOptions): string {
  if (lines.length === 0) return '';
  const widths: number[] = [];
  const parts: string[] = [];
  const pad = opts.padChar ?? ' ';

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let line = '';
      cells.forEach((cell, j) => {
        line += cell;
        if (j < widths.length) line += pad.repeat(Math.max(0, widths[j]! - runeCount(cell)));
      });
      parts.push(`${line}\n`);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let width = opts.minWidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, runeCount(cells[column]!) + opts.padding);
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return parts.join('');
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
