const NAMES = new Set(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio',
  'rttime', 'sigpending', 'stack']);

export interface UlimitSpec {
  Name: string;
  Soft: number;
  Hard: number;
}

/** `nofile=1024:2048` or `nproc=10` (hard = soft), with docker's validation messages. */
export function parseUlimit(text: string): UlimitSpec {
  const eq = text.indexOf('=');
  if (eq < 0) throw new Error(`invalid ulimit argument: ${text}`);
  const name = text.slice(0, eq);
  if (!NAMES.has(name)) throw new Error(`invalid ulimit type: ${name}`);
  const [softText = '', hardText] = text.slice(eq + 1).split(/:(.*)/s);
  const toInt = (s: string) => {
    if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
    return Number(s);
  };
  const soft = toInt(softText);
  const hard = hardText === undefined ? soft : toInt(hardText);
  if (soft > hard) throw new Error(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  return { Name: name, Soft: soft, Hard: hard };
}
