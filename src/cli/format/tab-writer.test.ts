import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignColumns, TABLE_LAYOUT } from './tab-writer.js';

test('columns pad to the widest cell plus padding, at least minWidth; the last cell is not padded', () => {
  assert.equal(alignColumns('A\tBB\tC\nxxxxxxxxxxxx\ty\tz\n', TABLE_LAYOUT), 'A              BB        C\nxxxxxxxxxxxx   y         z\n');
});

test('empty cells are padded too (docker\'s empty PORTS column)', () => {
  assert.equal(alignColumns('ID\tPORTS\tNAMES\n1\t\tweb\n', TABLE_LAYOUT), 'ID        PORTS     NAMES\n1                   web\n');
});

test('a line without tabs ends the column block', () => {
  const out = alignColumns('a\tb\nno tabs here\nlonger-cell\tc\n', { minWidth: 0, padding: 1 });
  assert.equal(out, 'a b\nno tabs here\nlonger-cell c\n');
});

test('lines with fewer cells end a column block (Go tabwriter semantics)', () => {
  // The second column only spans lines 1-2; line 3 has no second cell, so line 4 starts a new block.
  const out = alignColumns('a\tbbbbbb\tc\nd\te\tf\ng\nhhhh\ti\tj\n', { minWidth: 0, padding: 1 });
  assert.equal(out, 'a bbbbbb c\nd e      f\ng\nhhhh i j\n');
});

test('widths count characters, not bytes', () => {
  assert.equal(alignColumns('é€\tx\nab\ty\n', { minWidth: 0, padding: 1 }), 'é€ x\nab y\n');
});

test('no trailing newline is kept as is', () => {
  assert.equal(alignColumns('a\tb', { minWidth: 3, padding: 1 }), 'a  b');
});
