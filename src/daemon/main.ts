import { EngineError } from '../core/engine-error.js';
import { DAEMON_USAGE, parseDaemonArgs } from './daemon-config.js';
import { startDaemon } from './start-daemon.js';

/** berthd's entry point: parse flags, start, and turn start-up failures into one clear line. */
try {
  const config = parseDaemonArgs(process.argv.slice(2));
  if (config === 'help') {
    process.stdout.write(DAEMON_USAGE);
  } else {
    await startDaemon(config);
  }
} catch (err) {
  const e = err as Error;
  process.stderr.write(`berthd: ${e.message}\n`);
  if (err instanceof EngineError && err.hint) process.stderr.write(`hint: ${err.hint}\n`);
  if (!(err instanceof EngineError)) process.stderr.write(`${e.stack ?? ''}\n`);
  process.exit(1);
}
