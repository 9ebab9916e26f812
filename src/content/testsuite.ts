import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Digest } from '../core/digest.js';
import { EngineError } from '../core/engine-error.js';
import type { ContentStore } from './content-store.js';
import { readBlob } from './read-blob.js';
import { writeBlob } from './write-blob.js';

const sha = (b: Buffer): Digest => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const is = (code: string) => (e: unknown) => EngineError.is(e) && e.code === code;

async function collect(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/**
 * The behaviour every ContentStore must have. `open(root)` returns a store over an
 * empty directory it may use; each test gets its own.
 */
export function contentStoreSuite(name: string, open: (root: string) => Promise<ContentStore>): void {
  describe(`ContentStore conformance: ${name}`, () => {
    let base: string;
    let n = 0;
    const fresh = async () => open(await mkdtemp(`${base}/s${n++}-`));
    before(async () => {
      base = await mkdtemp('/var/tmp/berth-test-images-content-');
    });
    after(async () => {
      await rm(base, { recursive: true, force: true });
    });

    test('write, commit, info, read, list', async () => {
      const s = await fresh();
      const data = Buffer.from('hello blob');
      const w = await s.writer();
      await w.write(data.subarray(0, 5));
      await w.write(data.subarray(5));
      assert.equal(w.size, data.length);
      assert.equal(w.digest(), sha(data));
      const d = await w.commit({ expected: sha(data), size: data.length });
      assert.equal(d, sha(data));
      const info = await s.info(d);
      assert.equal(info.size, data.length);
      assert.equal(info.digest, d);
      assert.ok(info.committedAt instanceof Date);
      assert.deepEqual(await collect(await s.read(d)), data);
      assert.deepEqual((await s.list()).map((i) => i.digest), [d]);
    });

    test('a digest mismatch is invalid_argument and publishes nothing', async () => {
      const s = await fresh();
      const w = await s.writer();
      await w.write(Buffer.from('actual'));
      const wrong = sha(Buffer.from('expected'));
      await assert.rejects(w.commit({ expected: wrong }), (e: unknown) => is('invalid_argument')(e) && /digest mismatch/.test((e as Error).message));
      await assert.rejects(s.info(sha(Buffer.from('actual'))), is('not_found'));
      await assert.rejects(s.info(wrong), is('not_found'));
      assert.deepEqual(await s.list(), []);
    });

    test('a size mismatch is invalid_argument', async () => {
      const s = await fresh();
      const w = await s.writer();
      await w.write(Buffer.from('abc'));
      await assert.rejects(w.commit({ size: 4 }), is('invalid_argument'));
      assert.deepEqual(await s.list(), []);
    });

    test('committing existing content again is idempotent, also concurrently', async () => {
      const s = await fresh();
      const data = randomBytes(100_000);
      const first = await writeBlob(s, data);
      const again = await writeBlob(s, data, { expected: sha(data) });
      assert.deepEqual(first, again);
      const racing = await Promise.all([1, 2, 3].map(() => writeBlob(s, Readable.from([data.subarray(0, 1000), data.subarray(1000)]))));
      for (const r of racing) assert.equal(r.digest, sha(data));
      assert.equal((await s.list()).length, 1);
      assert.deepEqual(await readBlob(s, sha(data)), data);
    });

    test('abort discards the ingest', async () => {
      const s = await fresh();
      const w = await s.writer();
      await w.write(Buffer.from('never'));
      await w.abort();
      await w.abort();
      assert.deepEqual(await s.list(), []);
      await assert.rejects(w.write(Buffer.from('x')));
    });

    test('missing content is not_found for info, read and delete; delete removes', async () => {
      const s = await fresh();
      const missing = sha(Buffer.from('missing'));
      await assert.rejects(s.info(missing), is('not_found'));
      await assert.rejects(s.read(missing), is('not_found'));
      await assert.rejects(s.delete(missing), is('not_found'));
      const { digest } = await writeBlob(s, Buffer.from('to delete'));
      await s.delete(digest);
      await assert.rejects(s.info(digest), is('not_found'));
      assert.deepEqual(await s.list(), []);
    });

    test('streams a large blob in chunks', async () => {
      const s = await fresh();
      const chunk = randomBytes(1 << 20);
      const hash = createHash('sha256');
      async function* gen() {
        for (let i = 0; i < 24; i++) {
          hash.update(chunk);
          yield chunk;
        }
      }
      const { digest, size } = await writeBlob(s, gen());
      assert.equal(size, 24 << 20);
      assert.equal(digest, `sha256:${hash.digest('hex')}`);
      let total = 0;
      let chunks = 0;
      const check = createHash('sha256');
      for await (const c of await s.read(digest)) {
        total += (c as Buffer).length;
        chunks++;
        check.update(c as Buffer);
      }
      assert.equal(total, size);
      assert.ok(chunks > 1);
      assert.equal(`sha256:${check.digest('hex')}`, digest);
    });

    test('writeBlob aborts the ingest when the signal fires', async () => {
      const s = await fresh();
      const ac = new AbortController();
      async function* gen() {
        yield Buffer.from('part');
        ac.abort(new Error('gone'));
        yield Buffer.from('more');
      }
      await assert.rejects(writeBlob(s, gen(), { signal: ac.signal }), /gone/);
      assert.deepEqual(await s.list(), []);
    });

    test('invalid digests are invalid_argument', async () => {
      const s = await fresh();
      await assert.rejects(s.info('sha256:xyz' as Digest), is('invalid_argument'));
    });
  });
}
