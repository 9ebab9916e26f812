import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { TarWriter, type TarWriteEntry } from '../../src/archive/tar-writer.js';
import { BerthDaemon, runCommand } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
let scratch: string;
const docker = dockerRunner(() => d);

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  scratch = mkdtempSync('/var/tmp/berth-images-');
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A tar made with src/archive's writer, entry by entry, as bytes. */
async function tarOf(entries: Array<[TarWriteEntry, (string | Buffer)?]>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new TarWriter(out);
  for (const [e, body] of entries) await w.add(e, typeof body === 'string' ? Buffer.from(body) : body);
  await w.finish();
  return Buffer.concat(chunks);
}

const sh = async (script: string) => {
  const r = await runCommand('sh', ['-c', script], {});
  assert.equal(r.code, 0, `${script}: ${r.stderr}`);
  return r.stdout;
};

/** A minimal rootfs tar (the busybox tools only) to import with changes. */
async function toolsTar(): Promise<string> {
  const path = join(scratch, 'tools.tar');
  await sh(`set -e; cd ${scratch}; rm -rf tools; mkdir -p tools/bin tools/srv tools/etc; cp /usr/bin/busybox tools/bin/
    for a in sh echo id pwd env cat; do ln -s busybox tools/bin/$a; done
    echo 'root:x:0:0::/:/bin/sh' > tools/etc/passwd; tar -C tools -cf ${path} .`);
  return path;
}

describe('import with --change', () => {
  let tar = '';
  before(async () => {
    tar = await toolsTar();
    await docker.ok(['import', '-m', 'made for tests',
      '-c', 'ENV A=1 B="two words"', '-c', 'ENV PATH=/bin',
      '-c', 'ENTRYPOINT ["/bin/sh", "-c"]', '-c', 'CMD ["echo A=$A B=$B dir=$(pwd) uid=$(id -u)"]',
      '-c', 'WORKDIR /srv', '-c', 'LABEL team=images tier="back end"', '-c', 'EXPOSE 8080/tcp 53/udp', '-c', 'USER 1000',
      tar, 'changed:v1']);
  });

  const fields: Array<{ format: string; want: string }> = [
    { format: '{{json .Config.Env}}', want: '["A=1","B=two words","PATH=/bin"]' },
    { format: '{{json .Config.Entrypoint}}', want: '["/bin/sh","-c"]' },
    { format: '{{json .Config.Cmd}}', want: '["echo A=$A B=$B dir=$(pwd) uid=$(id -u)"]' },
    { format: '{{.Config.WorkingDir}}', want: '/srv' },
    { format: '{{json .Config.Labels}}', want: '{"team":"images","tier":"back end"}' },
    { format: '{{json .Config.ExposedPorts}}', want: '{"53/udp":{},"8080/tcp":{}}' },
    { format: '{{.Config.User}}', want: '1000' },
    { format: '{{.Comment}}', want: 'made for tests' },
    { format: '{{json .RepoTags}}', want: '["changed:v1"]' },
    { format: '{{.Os}}/{{len .RootFS.Layers}}', want: 'linux/1' },
  ];
  for (const f of fields) {
    test(`inspect ${f.format}`, async () => assert.equal(await docker.ok(['image', 'inspect', '-f', f.format, 'changed:v1']), f.want));
  }

  test('a container runs with the image config', async () => {
    assert.equal(await docker.ok(['run', '--rm', 'changed:v1']), 'A=1 B=two words dir=/srv uid=1000');
  });

  test('an invalid change is refused', async () => {
    const r = await d.docker(['import', '-c', 'RUN echo hi', tar, 'bad:change']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /run is not a valid change command/);
  });
});

describe('list, inspect, tag, history', () => {
  before(async () => {
    const tar = await toolsTar();
    await docker.ok(['import', '-c', 'LABEL kind=first', tar, 'lst/one:1']);
    await new Promise((r) => setTimeout(r, 20));
    await docker.ok(['import', '-c', 'LABEL kind=second', tar, 'lst/two:2']);
    await new Promise((r) => setTimeout(r, 20));
    await docker.ok(['import', '-c', 'LABEL kind=third', tar, 'lst/three:3']);
  });

  const names = async (...args: string[]) => (await docker.ok(['images', '--format', '{{.Repository}}:{{.Tag}}', ...args])).split('\n').filter(Boolean).sort();

  const filters: Array<{ filter: string; want: string[] }> = [
    { filter: 'reference=lst/*', want: ['lst/one:1', 'lst/three:3', 'lst/two:2'] },
    { filter: 'reference=lst/t*:2', want: ['lst/two:2'] },
    { filter: 'label=kind=second', want: ['lst/two:2'] },
    { filter: 'label=kind', want: ['lst/one:1', 'lst/three:3', 'lst/two:2'] },
    { filter: 'before=lst/two:2', want: ['busybox:latest', 'lst/one:1'] },
    { filter: 'since=lst/two:2', want: ['lst/three:3'] },
  ];
  for (const f of filters) {
    test(`images --filter ${f.filter}`, async () => {
      let got = await names('--filter', f.filter);
      if (f.filter.startsWith('before=')) got = got.filter((n) => n === 'busybox:latest' || n.startsWith('lst/'));
      assert.deepEqual(got, f.want);
    });
  }

  test('an unknown filter key is a 400', async () => {
    const r = await d.api('GET', `/images/json?filters=${encodeURIComponent('{"colour":["red"]}')}`);
    assert.equal(r.status, 400);
    assert.match(r.body.message, /invalid filter 'colour'/);
  });

  test('--format and -q', async () => {
    const id = await docker.ok(['image', 'inspect', '-f', '{{.Id}}', 'lst/one:1']);
    const row = await docker.ok(['images', '--format', '{{.ID}}|{{.Repository}}|{{.Tag}}', 'lst/one']);
    assert.equal(row, `${id.slice(7, 19)}|lst/one|1`);
    const ids = (await docker.ok(['images', '-q'])).split('\n');
    assert.ok(ids.includes(id.slice(7, 19)));
    const size = Number(await docker.ok(['image', 'inspect', '-f', '{{.Size}}', 'lst/one:1']));
    assert.ok(size > 1_000_000, `size ${size}`); // the busybox binary is in it
  });

  test('tag adds a name to the same image', async () => {
    await docker.ok(['tag', 'lst/one:1', 'other/name:v9']);
    const a = await docker.ok(['image', 'inspect', '-f', '{{.Id}}', 'lst/one:1']);
    assert.equal(await docker.ok(['image', 'inspect', '-f', '{{.Id}}', 'other/name:v9']), a);
    assert.deepEqual(JSON.parse(await docker.ok(['image', 'inspect', '-f', '{{json .RepoTags}}', a])).sort(), ['lst/one:1', 'other/name:v9']);
    // Removing one name of two only untags.
    assert.match(await docker.ok(['rmi', 'other/name:v9']), /^Untagged: other\/name:v9$/);
    assert.equal(await docker.ok(['image', 'inspect', '-f', '{{.Id}}', 'lst/one:1']), a);
  });

  test('history shows the import', async () => {
    const lines = (await docker.ok(['history', '--format', '{{.Comment}}|{{.Size}}', 'lst/one:1'])).split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^Imported from -\|\d/);
  });

  test('inspect of an unknown image is a 404', async () => {
    assert.equal((await d.api('GET', '/images/nosuch:image/json')).status, 404);
    const r = await docker.fails(1, ['image', 'inspect', 'nosuch:image']);
    assert.match(r.stderr, /No such image: nosuch:image/);
  });
});

describe('rmi and prune', () => {
  let tar = '';
  before(async () => { tar = await toolsTar(); });

  test('rmi refuses an image a container uses (409), -f removes it unless running', async () => {
    await docker.ok(['import', tar, 'inuse:1']);
    const id = await docker.ok(['image', 'inspect', '-f', '{{.Id}}', 'inuse:1']);
    await docker.ok(['create', '--name', 'uses-inuse', 'inuse:1', 'sh']);
    const api = await d.api('DELETE', '/images/inuse:1');
    assert.equal(api.status, 409, api.text);
    assert.match(api.body.message, /container .* is using its referenced image/);
    const r = await docker.fails(1, ['rmi', 'inuse:1']);
    assert.match(r.stderr, /conflict/);

    // Running: not even -f deletes it; by name, -f only untags (as Docker does).
    await docker.ok(['import', tar, 'running:1']);
    const runningId = await docker.ok(['image', 'inspect', '-f', '{{.Id}}', 'running:1']);
    await docker.ok(['run', '-d', '--name', 'uses-running', 'running:1', 'sh', '-c', 'sleep 60']);
    const hard = await d.api('DELETE', `/images/${runningId}?force=1`);
    assert.equal(hard.status, 409, hard.text);
    assert.match(hard.body.message, /cannot be forced\) - image is being used by running container/);
    assert.equal(await docker.ok(['rmi', '-f', 'running:1']), 'Untagged: running:1');
    assert.equal((await d.api('GET', `/images/${runningId}/json`)).status, 200);
    await docker.ok(['rm', '-f', 'uses-running']);
    assert.match(await docker.ok(['rmi', runningId]), new RegExp(`Deleted: ${runningId}`));

    const out = await docker.ok(['rmi', '-f', 'inuse:1']);
    assert.match(out, /Untagged: inuse:1/);
    assert.match(out, new RegExp(`Deleted: ${id}`));
    assert.equal((await d.api('GET', `/images/${id}/json`)).status, 404);
    await docker.ok(['rm', 'uses-inuse']);
  });

  test('prune removes dangling images; -a removes unused ones', async () => {
    const dangling = (await docker.ok(['import', tar])).trim();
    await docker.ok(['import', tar, 'unused:1']);
    await docker.ok(['import', tar, 'kept:1']);
    await docker.ok(['create', '--name', 'keeps', 'kept:1', 'sh']);
    assert.ok((await docker.ok(['images', '-q', '--filter', 'dangling=true', '--no-trunc'])).includes(dangling));

    const pruned = await docker.ok(['image', 'prune', '-f']);
    assert.match(pruned, new RegExp(`deleted: ${dangling}`));
    assert.equal((await d.api('GET', `/images/${dangling}/json`)).status, 404);
    assert.equal((await d.api('GET', '/images/unused:1/json')).status, 200);

    await docker.ok(['import', '-c', 'LABEL prune=me', tar, 'labelled:1']);
    const byLabel = await docker.ok(['image', 'prune', '-a', '-f', '--filter', 'label=prune=me']);
    assert.match(byLabel, /untagged: labelled:1/);
    assert.doesNotMatch(byLabel, /unused:1/);
    const all = await docker.ok(['image', 'prune', '-a', '-f']);
    assert.match(all, /untagged: unused:1/);
    assert.equal((await d.api('GET', '/images/unused:1/json')).status, 404);
    assert.equal((await d.api('GET', '/images/kept:1/json')).status, 200, 'an image in use is kept');
    await docker.ok(['rm', 'keeps']);
  });
});

describe('layer contents', () => {
  test('a GNU tar with whiteouts, an opaque dir, hardlinks, symlinks, a device, owners and modes', async () => {
    const root = join(scratch, 'rich');
    await sh(`set -e; rm -rf ${root}; mkdir -p ${root}/bin ${root}/a ${root}/o ${root}/dev
      cp /usr/bin/busybox ${root}/bin/; for a in sh stat cat ls readlink find; do ln -s busybox ${root}/bin/$a; done
      echo one > ${root}/a/f1; chown 1000:1001 ${root}/a/f1; chmod 0640 ${root}/a/f1
      ln ${root}/a/f1 ${root}/a/hard
      ln -s ../a/f1 ${root}/o/sym
      echo gone > ${root}/a/gone; touch ${root}/a/.wh.gone
      echo kept > ${root}/o/keep; touch ${root}/o/.wh..wh..opq
      cp /usr/bin/busybox ${root}/bin/suid; chmod 4755 ${root}/bin/suid
      chmod 1777 ${root}/o; chown 7:8 ${root}/o
      mknod ${root}/dev/mynull c 1 3
      mkdir -p ${root}/long/${'d'.repeat(90)}; echo deep > ${root}/long/${'d'.repeat(90)}/${'f'.repeat(80)}`);
    // `a/.wh.gone` sorts after `a/gone` in most directory orders but not all: force the order.
    await sh(`set -e; cd ${root}; tar --format=gnu -cf ${root}.tar --no-recursion bin bin/busybox bin/sh bin/stat bin/cat bin/ls bin/readlink bin/find bin/suid \
      a a/f1 a/hard a/gone a/.wh.gone o o/.wh..wh..opq o/keep o/sym dev dev/mynull long long/${'d'.repeat(90)} long/${'d'.repeat(90)}/${'f'.repeat(80)}`);
    await docker.ok(['import', `${root}.tar`, 'rich:1']);
    const out = await docker.ok(['run', '--rm', 'rich:1', '/bin/sh', '-c', [
      'stat -c "%n %u:%g %a %h" /a/f1 /a/hard; stat -c "%n %u:%g %a" /o /bin/suid',
      'stat -c "%i" /a/f1 /a/hard',
      'readlink /o/sym; cat /o/sym',
      'ls -a /a /o',
      `cat /long/${'d'.repeat(90)}/${'f'.repeat(80)}`,
    ].join('; ')]);
    const lines = out.split('\n');
    assert.deepEqual(lines.slice(0, 4), ['/a/f1 1000:1001 640 2', '/a/hard 1000:1001 640 2', '/o 7:8 1777', '/bin/suid 0:0 4755']);
    assert.equal(lines[4], lines[5], 'the hardlink shares the inode');
    assert.deepEqual(lines.slice(6, 8), ['../a/f1', 'one']);
    assert.match(lines.slice(8).join('\n'), /\/a:\n\.\n\.\.\nf1\nhard\n/);
    assert.doesNotMatch(out, /gone|\.wh\./, 'whiteouts hide their victim and never show themselves');
    assert.match(out, /\/o:\n\.\n\.\.\nkeep\nsym/);
    assert.equal(lines[lines.length - 1], 'deep');
  });

  test('a device node in a layer keeps its type and numbers', async () => {
    const tar = await tarOf([
      [{ name: 'bin/', type: 'directory' }],
      [{ name: 'bin/busybox', type: 'file', mode: 0o755 }, await import('node:fs/promises').then((f) => f.readFile('/usr/bin/busybox'))],
      [{ name: 'bin/sh', type: 'symlink', linkname: 'busybox' }],
      [{ name: 'bin/stat', type: 'symlink', linkname: 'busybox' }],
      [{ name: 'nodes/', type: 'directory' }],
      [{ name: 'nodes/null', type: 'char', mode: 0o666, devmajor: 1, devminor: 3 }],
      [{ name: 'nodes/fifo', type: 'fifo', mode: 0o600 }],
    ]);
    const r = await d.api('POST', '/images/create?fromSrc=-&repo=nodes&tag=1', tar, { 'Content-Type': 'application/x-tar' });
    assert.equal(r.status, 200, r.text);
    assert.equal(await docker.ok(['run', '--rm', 'nodes:1', '/bin/stat', '-c', '%F %t,%T %a', '/nodes/null', '/nodes/fifo']),
      'character special file 1,3 666\nfifo 0,0 600');
  });

  const escaping: Array<{ name: string; entries: Array<[TarWriteEntry, string?]>; message: RegExp }> = [
    { name: '`..` climbing out of the root', entries: [[{ name: '../escaped-file', type: 'file' }, 'x']], message: /escapes the layer root/ },
    { name: 'a path through a symlink to the host', entries: [
      [{ name: 'etc', type: 'symlink', linkname: '/etc' }], [{ name: 'etc/escaped-file', type: 'file' }, 'x']], message: /symlink/ },
    { name: 'a hardlink to a file outside', entries: [[{ name: 'pw', type: 'link', linkname: '../../../../../../etc/passwd' }]], message: /escape|outside/ },
  ];
  for (const c of escaping) {
    test(`an escaping entry is refused with 400: ${c.name}`, async () => {
      const before = (await d.api('GET', '/images/json')).body.length;
      const r = await d.api('POST', '/images/create?fromSrc=-&repo=evil&tag=1', await tarOf(c.entries), { 'Content-Type': 'application/x-tar' });
      assert.equal(r.status, 400, r.text);
      assert.match(r.body.message, c.message);
      assert.equal((await d.api('GET', '/images/json')).body.length, before, 'no image was made');
      assert.equal(await sh(`find ${d.base} /etc -name escaped-file`), '');
    });
  }

  test('the CLI shows the refusal', async () => {
    const path = join(scratch, 'evil.tar');
    writeFileSync(path, await tarOf([[{ name: '../escaped-file', type: 'file' }, 'x']]));
    const r = await docker.fails(1, ['import', path, 'evil:cli']);
    assert.match(r.stderr, /escapes the layer root/);
  });
});

describe('what the image store writes follows the OCI image spec', () => {
  test('index.json, every manifest and every config validate against the image-spec schemas', async () => {
    const { ociImageValidators } = await import('../../src/runtime/spec/testing/oci-schema-validator.js');
    const v = ociImageValidators();
    await docker.ok(['import', '-c', 'ENV A=1', '-c', 'CMD ["sh"]', '-c', 'LABEL x=y', '-c', 'EXPOSE 80', await busyboxTar(), 'oci-check:1']);
    const blob = (digest: string) => JSON.parse(readFileSync(join(d.dataRoot, 'content/blobs/sha256', digest.replace(/^sha256:/, '')), 'utf8'));
    const index = JSON.parse(readFileSync(join(d.dataRoot, 'images/index.json'), 'utf8'));
    assert.deepEqual(v.index(index), []);
    assert.ok(index.manifests.length >= 2);
    for (const desc of index.manifests as Array<{ digest: string }>) {
      const manifest = blob(desc.digest);
      assert.deepEqual(v.manifest(manifest), [], `manifest ${desc.digest}`);
      assert.deepEqual(v.config(blob(manifest.config.digest)), [], `config ${manifest.config.digest}`);
    }
    // And the validators do reject what is wrong.
    assert.notDeepEqual(v.manifest({ schemaVersion: 2, config: { mediaType: 'x' } }), []);
  });
});

/** A plain busybox rootfs tar (the harness's recipe), for imports with their own changes. */
async function busyboxTar(): Promise<string> {
  const tar = join(scratch, 'bb-oci.tar');
  await sh(`set -e; r=${scratch}/bb-oci; mkdir -p $r/bin; cp /usr/bin/busybox $r/bin/; ln -sf busybox $r/bin/sh; tar -C $r -cf ${tar} .`);
  return tar;
}
