import { invalidArgument } from '../../core/engine-error.js';
import type { ResolvedUser } from '../spec/spec-input.js';
import type { GroupEntry, PasswdEntry } from './user-database.js';

const MAX_ID = 2 ** 31 - 1;

/** A number when `s` is all digits (in range), undefined when it is a name. */
function numeric(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  if (n < 0 || n > MAX_ID) throw invalidArgument(`uids and gids must be in range 0-${MAX_ID}`);
  return n;
}

const noUser = (name: string) => invalidArgument(`unable to find user ${name}: no matching entries in passwd file`);
const noGroup = (name: string) => invalidArgument(`unable to find group ${name}: no matching entries in group file`);

/**
 * Docker's user resolution (libcontainer GetExecUser plus dockerd's getUser) over already-read
 * databases: `""` is root; `name` or `uid`, optionally `:group` or `:gid`. Numeric ids need no
 * entry; a missing name is invalid_argument. Without an explicit group the user's
 * supplementary groups come from /etc/group. `groupAdd` (`--group-add`) names must exist.
 * additionalGids lists the primary gid first, then supplementary groups, then group-adds.
 */
export function lookupUser(
  userSpec: string,
  db: { passwd: PasswdEntry[]; group: GroupEntry[] },
  groupAdd: readonly string[] = [],
): ResolvedUser {
  const [userArg = '', groupArg = ''] = userSpec.split(':');
  const uidArg = numeric(userArg);
  const gidArg = numeric(groupArg);

  const entry = db.passwd.find((u) =>
    userArg === '' ? u.uid === 0 : uidArg !== undefined ? u.uid === uidArg : u.name === userArg);
  let uid = 0;
  let gid = 0;
  if (entry) {
    uid = entry.uid;
    gid = entry.gid;
  } else if (userArg !== '') {
    if (uidArg === undefined) throw noUser(userArg);
    uid = uidArg;
  }

  let supplementary: number[] = [];
  if (groupArg !== '') {
    const g = db.group.find((x) => (gidArg !== undefined ? x.gid === gidArg : x.name === groupArg));
    if (g) gid = g.gid;
    else if (gidArg !== undefined) gid = gidArg;
    else throw noGroup(groupArg);
  } else if (entry) {
    supplementary = db.group.filter((g) => g.members.includes(entry.name)).map((g) => g.gid);
  }

  const added: number[] = [];
  for (const a of groupAdd) {
    const n = numeric(a);
    const g = db.group.find((x) => (n !== undefined ? x.gid === n : x.name === a));
    const id = g ? g.gid : n;
    if (id === undefined) throw noGroup(a);
    if (!added.includes(id)) added.push(id);
  }

  return { uid, gid, additionalGids: [gid, ...supplementary, ...added] };
}
