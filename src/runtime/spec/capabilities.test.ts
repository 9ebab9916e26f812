import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES, capabilitiesFromMask, capabilityMask, resolveCapabilities } from './capabilities.js';

const bounding = ALL_CAPABILITIES.filter((c) => c !== 'CAP_SYS_RESOURCE');
const host = (over: Partial<{ privileged: boolean; capAdd: string[]; capDrop: string[] }> = {}) => ({
  privileged: false, capAdd: [], capDrop: [], ...over,
});

test('masks from /proc round-trip and match this machine\'s bounding set shape', () => {
  assert.equal(capabilityMask(DEFAULT_CAPABILITIES), '00000000a80425fb');
  assert.deepEqual(capabilitiesFromMask('000001fffeffffff'), bounding);
  assert.deepEqual(capabilitiesFromMask(capabilityMask(bounding)), bounding);
  assert.deepEqual(capabilitiesFromMask('0000000000000000'), []);
});

test('resolveCapabilities', () => {
  assert.deepEqual(resolveCapabilities(host(), bounding), DEFAULT_CAPABILITIES);
  assert.deepEqual(resolveCapabilities(host({ privileged: true, capDrop: ['ALL'] }), bounding), bounding);
  assert.deepEqual(resolveCapabilities(host({ capAdd: ['cap_net_admin', 'Net_Admin'] }), bounding), [...DEFAULT_CAPABILITIES, 'CAP_NET_ADMIN']);
  assert.deepEqual(resolveCapabilities(host({ capDrop: ['all'], capAdd: ['chown'] }), bounding), ['CAP_CHOWN']);
  assert.deepEqual(resolveCapabilities(host({ capAdd: ['all'], capDrop: ['CAP_SYS_ADMIN'] }), bounding), bounding.filter((c) => c !== 'CAP_SYS_ADMIN'));
  // a bounding set without a default capability never hands it out
  assert.deepEqual(resolveCapabilities(host(), DEFAULT_CAPABILITIES.slice(1)), DEFAULT_CAPABILITIES.slice(1));
});
