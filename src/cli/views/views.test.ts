import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerSummary } from '../../client/types/container-types.js';
import type { ImageHistoryItem, ImageSummary } from '../../client/types/image-types.js';
import { renderList } from '../format/list-format.js';
import { CONTAINER_TABLE, containerHeader, ContainerRow } from './container-row.js';
import { HISTORY_TABLE, historyHeader, HistoryRow } from './history-row.js';
import { familiarName, parseReference, truncateId, withDefaultTag } from './image-reference.js';
import { IMAGE_TABLE, IMAGE_TABLE_DIGESTS, imageHeader, imageRows } from './image-row.js';
import { portsText } from './ports-text.js';

// Expected outputs below were produced by the docker 28.2 CLI from the same data
// (served by a scripted daemon), so these tests pin berth to docker's rendering.
const NOW = 1_800_000_000_000;
const T = NOW / 1000;

const containers: ContainerSummary[] = [
  {
    Id: '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c', Names: ['/web'], Image: 'busybox',
    ImageID: 'sha256:aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999',
    Command: "sh -c 'while true; do sleep 1; done'", Created: T - 300,
    Ports: [
      { PrivatePort: 80, Type: 'tcp' }, { IP: '0.0.0.0', PrivatePort: 443, PublicPort: 8443, Type: 'tcp' },
      { IP: '::', PrivatePort: 443, PublicPort: 8443, Type: 'tcp' }, { IP: '0.0.0.0', PrivatePort: 81, PublicPort: 81, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 82, PublicPort: 82, Type: 'tcp' }, { PrivatePort: 53, Type: 'udp' },
    ],
    SizeRw: 12345, SizeRootFs: 4400000, Labels: { 'com.x': 'y', a: 'b' }, State: 'running', Status: 'Up 5 minutes',
    NetworkSettings: { Networks: { bridge: {}, alpha: {} } },
    Mounts: [
      { Type: 'volume', Name: '0123456789abcdef0123456789', Source: '/var/lib/x', Destination: '/data' },
      { Type: 'bind', Source: '/home/user/project', Destination: '/src' },
    ],
  },
  {
    Id: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d', Names: ['/happy_turing'],
    Image: 'sha256:aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999',
    ImageID: 'sha256:aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999', Command: 'true', Created: T - 100000,
    Ports: [], Labels: {}, State: 'exited', Status: 'Exited (0) 2 hours ago', SizeRw: 0, SizeRootFs: 0,
  },
  {
    Id: '1111111111112222222222223333333333334444444444445555555555556666', Names: ['/x'], Image: 'docker.io/library/alpine:3.19',
    ImageID: 'sha256:bbbb', Command: '/bin/sh -c "é€ünicode \t tab"', Created: T - 5, Ports: null, Labels: null, State: 'created',
    Status: 'Created',
  },
];

describe('ps rendering matches docker', () => {
  test('default table', () => {
    const out = renderList(containers.map((c) => new ContainerRow(c, true, NOW)), { format: undefined, defaultTable: CONTAINER_TABLE, header: containerHeader });
    assert.equal(out, [
      'CONTAINER ID   IMAGE          COMMAND                   CREATED         STATUS                   PORTS                                                                                 NAMES',
      '4f1c2d3e4f5a   busybox        "sh -c \'while true; …"    5 minutes ago   Up 5 minutes             53/udp, 80/tcp, 0.0.0.0:81-82->81-82/tcp, 0.0.0.0:8443->443/tcp, [::]:8443->443/tcp   web',
      '9e8d7c6b5a4f   aaaabbbbcccc   "true"                    28 hours ago    Exited (0) 2 hours ago                                                                                         happy_turing',
      '111111111111   alpine:3.19    "/bin/sh -c \\"é€ünico…"   5 seconds ago   Created                                                                                                        x',
      '',
    ].join('\n'));
  });

  test('--no-trunc -s', () => {
    const out = renderList(containers.map((c) => new ContainerRow(c, false, NOW)), {
      format: undefined, defaultTable: `${CONTAINER_TABLE}\t{{.Size}}`, header: containerHeader,
    });
    const lines = out.split('\n');
    assert.equal(lines[0], 'CONTAINER ID                                                       IMAGE                                                                     COMMAND                                  CREATED         STATUS                   PORTS                                                                                 NAMES          SIZE');
    assert.equal(lines[1], '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c   busybox                                                                   "sh -c \'while true; do sleep 1; done\'"   5 minutes ago   Up 5 minutes             53/udp, 80/tcp, 0.0.0.0:81-82->81-82/tcp, 0.0.0.0:8443->443/tcp, [::]:8443->443/tcp   web            12.3kB (virtual 4.4MB)');
    assert.equal(lines[3], '1111111111112222222222223333333333334444444444445555555555556666   docker.io/library/alpine:3.19                                             "/bin/sh -c \\"é€ünicode \\t tab\\""        5 seconds ago   Created                                                                                                        x              0B');
  });

  test('custom table with labels, mounts, networks', () => {
    const out = renderList(containers.map((c) => new ContainerRow(c, true, NOW)), {
      format: 'table {{.ID}}\\t{{.Label "com.x"}}\t{{.Labels}}\t{{.Mounts}}\t{{.Networks}}\t{{.State}}\t{{.Size}}\t{{.LocalVolumes}}',
      defaultTable: CONTAINER_TABLE, header: containerHeader,
    });
    assert.equal(out, [
      'CONTAINER ID   x         LABELS        MOUNTS                            NETWORKS       STATE     SIZE                     LOCAL VOLUMES',
      '4f1c2d3e4f5a   y         a=b,com.x=y   0123456789abcd…,/home/user/pro…   alpha,bridge   running   12.3kB (virtual 4.4MB)   0',
      '9e8d7c6b5a4f                                                                            exited    0B                       0',
      '111111111111                                                                            created   0B                       0',
      '',
    ].join('\n'));
  });

  test('json rows: sorted keys, HTML escaped like Go MarshalJSON', () => {
    const out = renderList([new ContainerRow(containers[0]!, true, NOW)], { format: 'json', defaultTable: CONTAINER_TABLE, header: containerHeader });
    const line = out.trimEnd();
    assert.ok(line.startsWith('{"Command":"\\"sh -c \'while true; …\\"","CreatedAt":"'));
    assert.ok(line.includes('"ID":"4f1c2d3e4f5a","Image":"busybox","Labels":"a=b,com.x=y","LocalVolumes":"0","Mounts":"0123456789abcd…,/home/user/pro…","Names":"web","Networks":"alpha,bridge","Platform":null,"Ports":"53/udp, 80/tcp, 0.0.0.0:81-82-\\u003e81-82/tcp, 0.0.0.0:8443-\\u003e443/tcp, [::]:8443-\\u003e443/tcp","RunningFor":"5 minutes ago","Size":"12.3kB (virtual 4.4MB)","State":"running","Status":"Up 5 minutes"}'));
  });

  test('quiet', () => {
    const out = renderList(containers.map((c) => new ContainerRow(c, true, NOW)), { format: '{{.Names}}', quiet: true, defaultTable: CONTAINER_TABLE, header: containerHeader });
    assert.equal(out, '4f1c2d3e4f5a\n9e8d7c6b5a4f\n111111111111\n');
  });
});

const images: ImageSummary[] = [
  {
    Id: 'sha256:aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999', ParentId: '',
    RepoTags: ['busybox:latest', 'busybox:1.36', 'localhost:5000/x/busybox:v1'],
    RepoDigests: ['busybox@sha256:1111111111111111111111111111111111111111111111111111111111111111'],
    Created: T - 4 * 86400, Size: 4261888, SharedSize: -1, Labels: null, Containers: -1,
  },
  {
    Id: 'sha256:bbbb000000000000000000000000000000000000000000000000000000000000', ParentId: '', RepoTags: null, RepoDigests: null,
    Created: T - 90, Size: 999999, SharedSize: -1, Labels: { a: 'b' }, Containers: 2,
  },
  {
    Id: 'sha256:cccc000000000000000000000000000000000000000000000000000000000000', ParentId: '', RepoTags: [],
    RepoDigests: ['alpine@sha256:2222222222222222222222222222222222222222222222222222222222222222'],
    Created: T - 86400 * 400, Size: 1500000000, SharedSize: -1, Labels: null, Containers: -1,
  },
];

describe('images rendering matches docker', () => {
  test('default table', () => {
    const out = renderList(imageRows(images, { digests: false, trunc: true, now: NOW }), { format: undefined, defaultTable: IMAGE_TABLE, header: imageHeader });
    assert.equal(out, [
      'REPOSITORY                 TAG       IMAGE ID       CREATED              SIZE',
      'busybox                    latest    aaaabbbbcccc   4 days ago           4.26MB',
      'busybox                    1.36      aaaabbbbcccc   4 days ago           4.26MB',
      'localhost:5000/x/busybox   v1        aaaabbbbcccc   4 days ago           4.26MB',
      '<none>                     <none>    bbbb00000000   About a minute ago   1e+03kB',
      'alpine                     <none>    cccc00000000   13 months ago        1.5GB',
      '',
    ].join('\n'));
  });

  test('--digests --no-trunc', () => {
    const out = renderList(imageRows(images, { digests: true, trunc: false, now: NOW }), { format: undefined, defaultTable: IMAGE_TABLE_DIGESTS, header: imageHeader });
    const lines = out.split('\n');
    assert.equal(lines[0], 'REPOSITORY                 TAG       DIGEST                                                                    IMAGE ID                                                                  CREATED              SIZE');
    assert.equal(lines[3], 'localhost:5000/x/busybox   v1        <none>                                                                    sha256:aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999   4 days ago           4.26MB');
    assert.equal(lines[5], 'alpine                     <none>    sha256:2222222222222222222222222222222222222222222222222222222222222222   sha256:cccc000000000000000000000000000000000000000000000000000000000000   13 months ago        1.5GB');
  });

  test('size columns', () => {
    const out = renderList(imageRows(images, { digests: false, trunc: true, now: NOW }), {
      format: 'table {{.ID}}\t{{.Containers}}\t{{.VirtualSize}}\t{{.SharedSize}}\t{{.UniqueSize}}', defaultTable: IMAGE_TABLE, header: imageHeader,
    });
    assert.equal(out.split('\n')[0], 'IMAGE ID       CONTAINERS   SIZE      SHARED SIZE   UNIQUE SIZE');
    assert.equal(out.split('\n')[4], 'bbbb00000000   2            1000kB    N/A           N/A');
  });

  test('json row', () => {
    const rows = imageRows(images.slice(0, 1), { digests: false, trunc: true, now: NOW });
    const out = renderList(rows.slice(0, 1), { format: 'json', defaultTable: IMAGE_TABLE, header: imageHeader });
    assert.match(out, /^\{"Containers":"N\/A","CreatedAt":"[^"]+","CreatedSince":"4 days ago","Digest":"\\u003cnone\\u003e","ID":"aaaabbbbcccc","Repository":"busybox","SharedSize":"N\/A","Size":"4.26MB","Tag":"latest","UniqueSize":"N\/A","VirtualSize":"4.262MB"\}\n$/);
  });
});

test('history table matches docker', () => {
  const items: ImageHistoryItem[] = [
    { Id: 'sha256:aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999', Created: T - 4 * 86400,
      CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]\tfoo and a very long command line that goes on', Tags: ['busybox:latest'], Size: 0, Comment: '' },
    { Id: '<missing>', Created: T - 5 * 86400, CreatedBy: '/bin/sh -c #(nop) ADD file:abc in / ', Tags: null, Size: 4261888, Comment: 'imported' },
  ];
  const out = renderList(items.map((h) => new HistoryRow(h, true, true, NOW)), { format: undefined, defaultTable: HISTORY_TABLE, header: historyHeader });
  assert.equal(out, [
    'IMAGE          CREATED      CREATED BY                                      SIZE      COMMENT',
    'aaaabbbbcccc   4 days ago   /bin/sh -c #(nop)  CMD ["sh"] foo and a very…   0B        ',
    '<missing>      5 days ago   /bin/sh -c #(nop) ADD file:abc in /             4.26MB    imported',
    '',
  ].join('\n'));
  assert.equal(new HistoryRow(items[1]!, false, false, NOW).Size, '4261888');
});

test('ports grouping', () => {
  assert.equal(portsText(null), '');
  assert.equal(portsText([{ PrivatePort: 80, Type: 'tcp' }, { PrivatePort: 81, Type: 'tcp' }, { PrivatePort: 83, Type: 'tcp' }]), '80-81/tcp, 83/tcp');
  assert.equal(portsText([{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }]), '0.0.0.0:8080->80/tcp');
});

test('references', () => {
  assert.deepEqual(parseReference('localhost:5000/a/b:v1@sha256:ab'), { name: 'localhost:5000/a/b', tag: 'v1', digest: 'sha256:ab' });
  assert.deepEqual(parseReference('localhost:5000/a'), { name: 'localhost:5000/a', tag: undefined, digest: undefined });
  assert.equal(familiarName('docker.io/library/busybox'), 'busybox');
  assert.equal(familiarName('docker.io/user/app'), 'user/app');
  assert.equal(familiarName('ghcr.io/x/y'), 'ghcr.io/x/y');
  assert.equal(withDefaultTag('busybox'), 'busybox:latest');
  assert.equal(withDefaultTag('docker.io/library/busybox:1.36'), 'busybox:1.36');
  assert.equal(truncateId('sha256:0123456789abcdef'), '0123456789ab');
});
