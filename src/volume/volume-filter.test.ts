import assert from 'node:assert/strict';
import { test } from 'node:test';
import { volumeMatches } from './volume-filter.js';
import type { Volume } from './volume.js';

const vol = (name: string, labels: Record<string, string> = {}): Volume => ({
  name, driver: 'local', mountpoint: `/v/${name}/_data`, createdAt: '2026-01-01T00:00:00.000Z', labels, options: {},
});
const f = (o: Record<string, string[]>) => new Map(Object.entries(o));

test('no filters match everything', () => {
  assert.equal(volumeMatches(vol('a'), f({}), true), true);
});

test('name is a substring match, alternatives OR', () => {
  assert.equal(volumeMatches(vol('webdata'), f({ name: ['data'] }), false), true);
  assert.equal(volumeMatches(vol('webdata'), f({ name: ['nope', 'web'] }), false), true);
  assert.equal(volumeMatches(vol('webdata'), f({ name: ['nope'] }), false), false);
});

test('label key, key=value, label! and several labels all required', () => {
  const v = vol('a', { env: 'prod', tier: 'db' });
  assert.equal(volumeMatches(v, f({ label: ['env'] }), false), true);
  assert.equal(volumeMatches(v, f({ label: ['env=prod'] }), false), true);
  assert.equal(volumeMatches(v, f({ label: ['env=dev'] }), false), false);
  assert.equal(volumeMatches(v, f({ label: ['env=prod', 'tier=db'] }), false), true);
  assert.equal(volumeMatches(v, f({ label: ['env=prod', 'tier=web'] }), false), false);
  assert.equal(volumeMatches(v, f({ 'label!': ['tier'] }), false), false);
  assert.equal(volumeMatches(v, f({ 'label!': ['other'] }), false), true);
});

test('dangling is unused; driver is local', () => {
  assert.equal(volumeMatches(vol('a'), f({ dangling: ['true'] }), false), true);
  assert.equal(volumeMatches(vol('a'), f({ dangling: ['true'] }), true), false);
  assert.equal(volumeMatches(vol('a'), f({ dangling: ['0'] }), true), true);
  assert.equal(volumeMatches(vol('a'), f({ driver: ['local'] }), true), true);
  assert.equal(volumeMatches(vol('a'), f({ driver: ['nfs'] }), true), false);
});

test('bad keys and dangling values are 400s', () => {
  assert.throws(() => volumeMatches(vol('a'), f({ dangling: ['maybe'] }), false), /invalid filter 'dangling=maybe'/);
  assert.throws(() => volumeMatches(vol('a'), f({ color: ['red'] }), false), /invalid filter 'color'/);
});
