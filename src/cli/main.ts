import { berth } from './berth.js';
import { exitWhenFlushed } from './exit-when-flushed.js';

// The `berth` executable's entry point (bin/berth imports this module).

// A reader that went away (`berth logs c | head`) ends us quietly, with the
// status a process killed by SIGPIPE has, as docker's CLI does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(141);
    throw err;
  });
}

exitWhenFlushed(await berth(process.argv.slice(2)));
