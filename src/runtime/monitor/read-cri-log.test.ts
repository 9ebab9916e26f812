import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseCriRecord } from './cri-log-record.js';
import { criTimeToNanos, unixSecondsToNanos } from './cri-time.js';
import { readCriLog, type CriLogReadOptions } from './read-cri-log.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cri-log-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

// seconds 100..: one record per second of 1970, so since/until are easy to read
const t = (s: number, ns = 0) => `1970-01-01T00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.${String(ns).padStart(9, '0')}Z`;
const LOG = [
  `${t(1)} stdout F one`,
  `${t(2)} stderr F two`,
  `${t(3)} stdout P thr`,
  `${t(4)} stderr P err-`,
  `${t(5)} stdout F ee`,
  `${t(6)} stderr F part`,
  `${t(7)} stdout F `,
  `${t(8)} stdout F four`,
  `${t(9)} stdout P unfinished`,
].join('\n') + '\n';

async function read(path: string, opts: CriLogReadOptions = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readCriLog(path, opts)) out.push(`${l.stream[3]}${l.time.slice(17, 19)} ${l.line.toString()}`);
  return out;
}

describe('readCriLog', () => {
  let path: string;
  before(async () => {
    path = join(dir, 'c.log');
    await writeFile(path, LOG);
  });

  const all = ['o01 one\n', 'e02 two\n', 'o03 three\n', 'e04 err-part\n', 'o07 \n', 'o08 four\n', 'o09 unfinished'];
  const cases: Array<[string, CriLogReadOptions, string[]]> = [
    ['everything, partial records joined', {}, all],
    ['tail 2', { tail: 2 }, all.slice(-2)],
    ['tail 4 reaches into joined lines', { tail: 4 }, all.slice(-4)],
    ['tail 0', { tail: 0 }, []],
    ['tail larger than the log', { tail: 100 }, all],
    ['negative tail means all', { tail: -1 }, all],
    ['since is inclusive', { since: 4 }, all.slice(3)],
    ['since with a fraction', { since: '3.5' }, all.slice(3)],
    ['until is inclusive', { until: 2 }, all.slice(0, 2)],
    ['since and until', { since: 2, until: 7 }, all.slice(1, 5)],
    ['tail then since, as docker', { tail: 3, since: 8 }, all.slice(-2)],
  ];
  for (const [name, opts, want] of cases) {
    test(name, async () => assert.deepEqual(await read(path, opts), want));
  }

  test('a missing file yields nothing', async () => {
    assert.deepEqual(await read(join(dir, 'nope.log')), []);
  });

  test('tail works across read-chunk boundaries', async () => {
    const big = join(dir, 'big.log');
    const lines = Array.from({ length: 5000 }, (_, i) => `${t(1, i)} stdout F ${String(i).padStart(40, '.')}`);
    await writeFile(big, lines.join('\n') + '\n');
    const got = await read(big, { tail: 3000 });
    assert.equal(got.length, 3000);
    assert.equal(got[0], `o01 ${String(2000).padStart(40, '.')}\n`);
    assert.equal(got.at(-1), `o01 ${String(4999).padStart(40, '.')}\n`);
  });

  test('follow yields appended lines and stops when stopWhen settles and the file is read', async () => {
    const f = join(dir, 'follow.log');
    await writeFile(f, `${t(9)} stdout F old\n${t(10)} stdout F a\n`);
    let exit!: () => void;
    const exited = new Promise<void>((r) => (exit = r));
    const got: string[] = [];
    for await (const l of readCriLog(f, { follow: true, tail: 1, stopWhen: exited })) {
      got.push(l.line.toString());
      if (got.length === 1) await appendFile(f, `${t(11)} stdout P b\n`); // not a line yet
      if (got.length === 1) await appendFile(f, `${t(12)} stdout F c\n`);
      if (got.length === 2) {
        await appendFile(f, `${t(13)} stderr F d\n${t(14)} stdout P tail-without-newline\n`);
        exit(); // what was written before the exit is still read
      }
    }
    assert.deepEqual(got, ['a\n', 'bc\n', 'd\n', 'tail-without-newline']);
  });

  test('follow waits for the file to be created', async () => {
    const f = join(dir, 'later.log');
    let exit!: () => void;
    const exited = new Promise<void>((r) => (exit = r));
    const reading = read(f, { follow: true, stopWhen: exited });
    await new Promise((r) => setImmediate(r));
    await writeFile(f, `${t(1)} stdout F first\n`);
    await appendFile(f, `${t(2)} stdout F second\n`);
    exit();
    assert.deepEqual(await reading, ['o01 first\n', 'o02 second\n']);
  });

  test('follow ends quietly on abort', async () => {
    const f = join(dir, 'abort.log');
    await writeFile(f, `${t(1)} stdout F x\n`);
    const ac = new AbortController();
    const got: string[] = [];
    for await (const l of readCriLog(f, { follow: true, signal: ac.signal })) {
      got.push(l.line.toString());
      ac.abort();
    }
    assert.deepEqual(got, ['x\n']);
  });
});

test('parseCriRecord', () => {
  const full = parseCriRecord(Buffer.from(`${t(1)} stderr F a b\n`))!;
  assert.deepEqual([full.stream, full.partial, full.data.toString()], ['stderr', false, 'a b\n']);
  const part = parseCriRecord(Buffer.from(`${t(1)} stdout P a\n`))!;
  assert.deepEqual([part.stream, part.partial, part.data.toString()], ['stdout', true, 'a']);
  assert.equal(parseCriRecord(Buffer.from(`${t(1)} stdin F a\n`)), null);
  assert.equal(parseCriRecord(Buffer.from('garbage\n')), null);
});

test('log times compare to the nanosecond', () => {
  assert.equal(criTimeToNanos('2026-11-22T20:54:57.123456789Z'), 1795380897123456789n);
  assert.equal(criTimeToNanos('2026-11-22T20:54:57.1Z'), 1795380897100000000n);
  assert.equal(criTimeToNanos('2026-11-22T21:54:57+01:00'), 1795380897000000000n);
  assert.equal(criTimeToNanos('yesterday'), null);
  assert.equal(unixSecondsToNanos('1795380897.123456789'), 1795380897123456789n);
  assert.equal(unixSecondsToNanos(1.5), 1500000000n);
  assert.throws(() => unixSecondsToNanos('soon'), /invalid timestamp/);
});
