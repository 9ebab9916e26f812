import type { ContainerRecord } from '../../core/container.js';

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 60_000;
/** A run at least this long resets the back-off, as Docker does. */
const RESET_AFTER_MS = 10_000;

/** Whether and when an exited container is started again under its restart policy. */
export function restartDecision(rec: ContainerRecord, now = Date.now()): { restart: boolean; delayMs: number } {
  const { name, maximumRetryCount } = rec.host.restartPolicy;
  const { exitCode, stoppedByUser, restartCount } = rec.state;
  let restart = false;
  if (!stoppedByUser && !rec.host.autoRemove) {
    if (name === 'always' || name === 'unless-stopped') restart = true;
    else if (name === 'on-failure') restart = exitCode !== 0 && (maximumRetryCount <= 0 || restartCount < maximumRetryCount);
  }
  const ranMs = now - Date.parse(rec.state.startedAt);
  const attempt = ranMs >= RESET_AFTER_MS ? 0 : restartCount;
  return { restart, delayMs: Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 16)) };
}
