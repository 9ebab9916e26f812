import { randomInt } from 'node:crypto';

// Docker-style `adjective_surname` names; our own short lists of pioneers of computing and of
// ships, which suit a harbour.
const ADJECTIVES = [
  'agile', 'bold', 'brave', 'calm', 'clever', 'cool', 'eager', 'fervent', 'gallant', 'gentle', 'happy', 'jolly',
  'keen', 'kind', 'lucid', 'merry', 'nimble', 'quiet', 'rapid', 'serene', 'steady', 'sturdy', 'swift', 'tidy',
  'upbeat', 'vivid', 'wise', 'witty', 'zealous', 'bright', 'proud', 'loyal',
];
const NAMES = [
  'lovelace', 'hopper', 'turing', 'ritchie', 'thompson', 'torvalds', 'knuth', 'dijkstra', 'lamport', 'liskov',
  'hamilton', 'shannon', 'babbage', 'backus', 'kernighan', 'mccarthy', 'allen', 'cerf', 'kahn', 'hoare',
  'wirth', 'perlman', 'goldberg', 'engelbart', 'sammet', 'bartik', 'clarke', 'johnson', 'noether', 'curie',
];

export function generateName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${NAMES[randomInt(NAMES.length)]}`;
}
