import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiTimestamp } from './api-timestamp.js';
import { parseGoDuration } from './go-duration.js';
import { goTimeString } from './go-time.js';
import { humanDuration, timeAgo } from './human-duration.js';
import { bytesSize, humanSize } from './human-size.js';
import { fromHumanSize, memSwapBytes, ramInBytes } from './parse-bytes.js';

describe('humanSize (go-units HumanSizeWithPrecision)', () => {
  const cases: [number, number, string][] = [
    [0, 3, '0B'], [1, 3, '1B'], [999, 3, '999B'], [1000, 3, '1kB'], [12345, 3, '12.3kB'], [4400000, 3, '4.4MB'],
    [1240000, 3, '1.24MB'], [4_261_888, 3, '4.26MB'], [999_999, 3, '1e+03kB'], [1_500_000_000, 3, '1.5GB'],
    [123_456_789, 4, '123.5MB'], [2e15, 4, '2PB'],
  ];
  for (const [n, p, want] of cases) test(`${n} @${p}`, () => assert.equal(humanSize(n, p), want));
  test('bytesSize', () => {
    assert.equal(bytesSize(8328888320), '7.757GiB');
    assert.equal(bytesSize(536870912), '512MiB');
    assert.equal(bytesSize(1536), '1.5KiB');
    assert.equal(bytesSize(0), '0B');
  });
});

describe('humanDuration (go-units)', () => {
  const s = 1000;
  const cases: [number, string][] = [
    [0, 'Less than a second'], [999, 'Less than a second'], [1 * s, '1 second'], [59 * s, '59 seconds'],
    [60 * s, 'About a minute'], [119 * s, 'About a minute'], [120 * s, '2 minutes'], [59 * 60 * s, '59 minutes'],
    [60 * 60 * s, 'About an hour'], [89 * 60 * s, 'About an hour'], [90 * 60 * s, '2 hours'], [100000 * s, '28 hours'],
    [47 * 3600 * s, '47 hours'], [48 * 3600 * s, '2 days'], [13 * 86400 * s, '13 days'], [14 * 86400 * s, '2 weeks'],
    [59 * 86400 * s, '8 weeks'], [60 * 86400 * s, '2 months'], [729 * 86400 * s, '24 months'], [730 * 86400 * s, '2 years'],
  ];
  for (const [ms, want] of cases) test(want, () => assert.equal(humanDuration(ms), want));
  test('timeAgo', () => assert.equal(timeAgo(1000, 1000 * 1000 + 300 * 1000), '5 minutes ago'));
});

describe('size flags', () => {
  test('ramInBytes (binary, like docker -m)', () => {
    assert.equal(ramInBytes('512m'), 536870912);
    assert.equal(ramInBytes('512M'), 536870912);
    assert.equal(ramInBytes('1g'), 1073741824);
    assert.equal(ramInBytes('1.5GiB'), 1610612736);
    assert.equal(ramInBytes('64kb'), 65536);
    assert.equal(ramInBytes('100'), 100);
    assert.equal(ramInBytes('100 b'), 100);
    for (const bad of ['abc', '-1', '1x', '', '1.2.3g']) assert.throws(() => ramInBytes(bad), { message: `invalid size: '${bad}'` });
  });
  test('fromHumanSize (decimal)', () => {
    assert.equal(fromHumanSize('1kB'), 1000);
    assert.equal(fromHumanSize('2.5M'), 2_500_000);
  });
  test('memSwapBytes', () => {
    assert.equal(memSwapBytes('-1'), -1);
    assert.equal(memSwapBytes('1g'), 1073741824);
  });
});

describe('parseGoDuration', () => {
  const cases: [string, number][] = [
    ['0', 0], ['1h30m', 5400e9], ['1.5s', 1.5e9], ['300ms', 3e8], ['-2m', -120e9], ['1m0.5s', 60.5e9], ['10us', 1e4], ['2µs', 2e3], ['.5s', 5e8],
  ];
  for (const [text, ns] of cases) test(text, () => assert.equal(parseGoDuration(text), ns));
  test('errors', () => {
    assert.throws(() => parseGoDuration('10'), /missing unit in duration "10"/);
    assert.throws(() => parseGoDuration('abc'), /invalid duration "abc"/);
    assert.throws(() => parseGoDuration(''), /invalid duration/);
    assert.throws(() => parseGoDuration('5d'), /invalid duration/);
  });
});

describe('apiTimestamp (docker timetypes.GetTimestamp)', () => {
  const now = Date.UTC(2024, 0, 1, 12, 0, 0);
  test('durations are relative to now', () => {
    assert.equal(apiTimestamp('42m', now), String(now / 1000 - 42 * 60));
    assert.equal(apiTimestamp('1h', now), String(now / 1000 - 3600));
  });
  test('RFC 3339 with a zone', () => {
    assert.equal(apiTimestamp('2013-01-02T13:23:37Z'), '1357133017.000000000');
    assert.equal(apiTimestamp('2013-01-02T13:23:37.5+01:00'), '1357129417.500000000');
    assert.equal(apiTimestamp('2013-01-02T13:23Z'), '1357132980.000000000');
  });
  test('local times', () => {
    const local = new Date(2013, 0, 2, 13, 23, 37).getTime() / 1000;
    assert.equal(apiTimestamp('2013-01-02T13:23:37'), `${local}.000000000`);
    assert.equal(apiTimestamp('2013-01-02'), `${new Date(2013, 0, 2).getTime() / 1000}.000000000`);
  });
  test('unix timestamps pass through', () => {
    assert.equal(apiTimestamp('1700000000'), '1700000000');
    assert.equal(apiTimestamp('1700000000.123'), '1700000000.123');
    assert.equal(apiTimestamp('0'), '0');
  });
  test('garbage', () => {
    assert.throws(() => apiTimestamp('yesterday'), /failed to parse value as time or duration: "yesterday"/);
    assert.throws(() => apiTimestamp('2013-13-45T99'), /failed to parse/);
  });
});

test('goTimeString', () => {
  const d = new Date(2024, 4, 1, 9, 5, 7);
  assert.match(goTimeString(d), /^2024-05-01 09:05:07 [+-]\d{4} \S+$/);
  if (d.getTimezoneOffset() === 0) assert.equal(goTimeString(d), '2024-05-01 09:05:07 +0000 UTC');
});
