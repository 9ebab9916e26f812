import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { writeBlob } from '../write-blob.js';
import { contentStoreSuite } from '../testsuite.js';
import { LocalContentStore } from './local-content-store.js';

contentStoreSuite('local', (root) => LocalContentStore.open(root));

test('local: OCI-layout paths, read-only blobs, stale ingests removed on open', async () => {
  const root = await mkdtemp('/var/tmp/berth-test-images-local-');
  try {
    const s = await LocalContentStore.open(root);
    const { digest } = await writeBlob(s, Buffer.from('layout'));
    const p = path.join(root, 'blobs', 'sha256', digest.slice(7));
    assert.equal(s.blobPath(digest), p);
    assert.equal((await stat(p)).mode & 0o777, 0o444);
    assert.deepEqual(await readdir(path.join(root, 'ingest')), []);
    // A crash mid-ingest leaves a temp file; the next open clears it and keeps blobs.
    await writeFile(path.join(root, 'ingest', 'leftover'), 'partial');
    const again = await LocalContentStore.open(root);
    assert.deepEqual(await readdir(path.join(root, 'ingest')), []);
    assert.equal((await again.info(digest)).size, 6);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
