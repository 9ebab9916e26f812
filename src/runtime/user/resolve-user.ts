import type { ResolvedUser } from '../spec/spec-input.js';
import { lookupUser } from './lookup-user.js';
import { readRootfsFile } from './read-rootfs-file.js';
import { parseGroup, parsePasswd } from './user-database.js';

/**
 * The uid, gid and groups a container's `--user` (and `--group-add`) mean in its own
 * /etc/passwd and /etc/group, read safely from the rootfs (see readRootfsFile). Files that
 * do not exist count as empty, so numeric ids always work. Unknown names are invalid_argument
 * with Docker's message, e.g. `unable to find user app: no matching entries in passwd file`.
 */
export async function resolveUser(rootfsPath: string, userSpec: string, groupAdd: readonly string[] = []): Promise<ResolvedUser> {
  // root's groups matter too: on Alpine `id` in a container lists bin, daemon, sys, adm, ...
  const [passwd, group] = await Promise.all([
    readRootfsFile(rootfsPath, '/etc/passwd'),
    readRootfsFile(rootfsPath, '/etc/group'),
  ]);
  return lookupUser(userSpec, { passwd: parsePasswd(passwd ?? ''), group: parseGroup(group ?? '') }, groupAdd);
}
