/** One /etc/passwd entry (the fields berth needs). */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** One /etc/group entry. */
export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const ID = /^\d+$/;

/**
 * Parses passwd text. Blank lines are skipped; lines whose uid or gid is not a number are
 * skipped too (libcontainer would read them as 0, i.e. root, which is never what was meant).
 */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const f = line.split(':');
    if (!ID.test(f[2] ?? '') || !ID.test(f[3] ?? '')) continue;
    out.push({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '' });
  }
  return out;
}

/** Parses group text; blank and `#` lines are skipped, as are lines without a numeric gid. */
export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    if (!ID.test(f[2] ?? '')) continue;
    const list = f[3] ?? '';
    out.push({ name: f[0]!, gid: Number(f[2]), members: list === '' ? [] : list.split(',') });
  }
  return out;
}
