import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../core/engine-error.js';
import { lookupUser } from './lookup-user.js';
import { parseGroup, parsePasswd } from './user-database.js';

const db = {
  passwd: parsePasswd(`root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

app:x:1000:1000:App,,,:/home/app:/bin/sh
broken:x:notanumber:0::/:/bin/sh
web:x:33:33:www:/var/www:/bin/false
`),
  group: parseGroup(`root:x:0:
# a comment
daemon:x:1:
wheel:x:10:root,app
docker:x:999:app
app:x:1000:
www-data:x:33:
`),
};

const cases: [string, string[], { uid: number; gid: number; additionalGids: number[] }][] = [
  ['', [], { uid: 0, gid: 0, additionalGids: [0, 10] }],
  ['root', [], { uid: 0, gid: 0, additionalGids: [0, 10] }],
  ['app', [], { uid: 1000, gid: 1000, additionalGids: [1000, 10, 999] }],
  ['1000', [], { uid: 1000, gid: 1000, additionalGids: [1000, 10, 999] }],
  ['app:www-data', [], { uid: 1000, gid: 33, additionalGids: [33] }],
  ['app:33', [], { uid: 1000, gid: 33, additionalGids: [33] }],
  ['4242', [], { uid: 4242, gid: 0, additionalGids: [0] }],
  ['4242:4343', [], { uid: 4242, gid: 4343, additionalGids: [4343] }],
  ['web', ['docker', '5000', 'docker'], { uid: 33, gid: 33, additionalGids: [33, 999, 5000] }],
];
for (const [spec, groupAdd, want] of cases) {
  test(`lookupUser ${JSON.stringify(spec)} ${groupAdd.join(',')}`, () => assert.deepEqual(lookupUser(spec, db, groupAdd), want));
}

test('unknown names and out-of-range ids are invalid_argument with Docker\'s messages', () => {
  const bad: [string, string[], string][] = [
    ['nobody', [], 'unable to find user nobody: no matching entries in passwd file'],
    ['broken', [], 'unable to find user broken: no matching entries in passwd file'],
    ['app:nogroup', [], 'unable to find group nogroup: no matching entries in group file'],
    ['app', ['video'], 'unable to find group video: no matching entries in group file'],
    ['4294967296', [], 'uids and gids must be in range 0-2147483647'],
    ['-1', [], 'uids and gids must be in range 0-2147483647'],
  ];
  for (const [spec, add, message] of bad) {
    assert.throws(() => lookupUser(spec, db, add), (e: unknown) => EngineError.is(e, 'invalid_argument') && e.message === message, spec);
  }
});

test('numeric ids work with no passwd or group file at all', () => {
  assert.deepEqual(lookupUser('7:8', { passwd: [], group: [] }, ['9']), { uid: 7, gid: 8, additionalGids: [8, 9] });
  assert.deepEqual(lookupUser('', { passwd: [], group: [] }), { uid: 0, gid: 0, additionalGids: [0] });
});
