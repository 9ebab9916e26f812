import { readFile } from 'node:fs/promises';

/** One line of /proc/self/mountinfo. */
export interface MountInfo {
  id: number;
  parentId: number;
  /** The path inside the source filesystem that is mounted (`/` for a whole fs). */
  root: string;
  mountPoint: string;
  options: string[];
  fsType: string;
  source: string;
  superOptions: string[];
}

/** Parses mountinfo text (proc(5)); paths have their octal escapes (`\040`) decoded. */
export function parseMountInfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (fields.length < 10 || dash < 0) continue;
    out.push({
      id: Number(fields[0]),
      parentId: Number(fields[1]),
      root: unescape(fields[3]!),
      mountPoint: unescape(fields[4]!),
      options: fields[5]!.split(','),
      fsType: fields[dash + 1]!,
      source: unescape(fields[dash + 2]!),
      superOptions: (fields[dash + 3] ?? '').split(',').filter(Boolean),
    });
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export async function readMountInfo(): Promise<MountInfo[]> {
  return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
}
