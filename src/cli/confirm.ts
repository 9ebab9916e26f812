import type { CliContext } from './cli-context.js';

/**
 * Docker's yes/no prompt: prints the question on stdout and reads one line from
 * stdin; only "y"/"Y" (or "yes") agrees. End of input means no.
 */
export async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  ctx.out(`${question} [y/N] `);
  const stdin = ctx.stdin;
  const line = await new Promise<string>((resolve) => {
    let text = '';
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) finish(text.slice(0, nl));
    };
    const finish = (answer: string) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      resolve(answer);
    };
    const onEnd = () => finish(text);
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
  });
  return /^(y|yes)$/i.test(line.trim());
}
