import type { Readable, Writable } from 'node:stream';
import { DockerClient } from '../client/docker-client.js';

/**
 * What a command gets besides its arguments: the streams, the environment, the
 * path it was invoked as (for messages), and a lazily created client shared by
 * everything the command does (one keep-alive connection pool, one negotiation).
 */
export class CliContext {
  readonly prog = 'berth';
  private clientInstance: DockerClient | undefined;

  constructor(
    /** What the user typed to get here, e.g. `berth container ls`. */
    readonly commandPath: string,
    private readonly host: string | undefined,
    readonly env: NodeJS.ProcessEnv = process.env,
    readonly stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number } = process.stdout,
    readonly stderr: Writable = process.stderr,
    private readonly stdinSource: () => Readable & { isTTY?: boolean } = () => process.stdin,
  ) {}

  get client(): DockerClient {
    this.clientInstance ??= DockerClient.fromEnvironment({ ...(this.host ? { host: this.host } : {}), env: this.env });
    return this.clientInstance;
  }

  /** process.stdin is created on first access (it can put the terminal in a mode); so is this. */
  get stdin(): Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown } {
    return this.stdinSource();
  }

  out(text: string): void {
    this.stdout.write(text);
  }

  err(text: string): void {
    this.stderr.write(text);
  }

  /** Drops idle connections so nothing keeps the process alive. */
  close(): void {
    this.clientInstance?.close();
  }
}
