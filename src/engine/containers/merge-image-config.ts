import type { ContainerConfig, HealthcheckConfig } from '../../core/container.js';
import type { Digest } from '../../core/digest.js';
import { invalidArgument } from '../../core/engine-error.js';
import type { CreateRequest } from './create-request.js';
import type { ImageRuntimeDefaults } from './ports.js';

/**
 * Docker's rules for combining what the user asked with the image's defaults:
 * an explicit entrypoint drops the image's Cmd; env and labels merge with the user's winning;
 * working dir, user and stop signal fall back to the image's.
 */
export function mergeImageConfig(req: CreateRequest['config'], image: ImageRuntimeDefaults, imageId: Digest): ContainerConfig {
  let entrypoint: string[];
  let cmd: string[];
  if (req.entrypoint !== undefined) {
    entrypoint = req.entrypoint.length === 1 && req.entrypoint[0] === '' ? [] : req.entrypoint;
    cmd = req.cmd ?? [];
  } else {
    entrypoint = image.Entrypoint ?? [];
    cmd = req.cmd !== undefined && req.cmd.length > 0 ? req.cmd : (image.Cmd ?? []);
  }
  if (entrypoint.length === 0 && cmd.length === 0) throw invalidArgument('No command specified');

  return {
    image: req.image,
    imageId,
    entrypoint,
    cmd,
    env: mergeEnv(image.Env ?? [], req.env ?? []),
    workingDir: req.workingDir || image.WorkingDir || '',
    user: req.user || image.User || '',
    hostname: req.hostname ?? '',
    domainname: req.domainname ?? '',
    tty: req.tty ?? false,
    openStdin: req.openStdin ?? false,
    stdinOnce: req.stdinOnce ?? false,
    attachStdin: req.attachStdin ?? false,
    attachStdout: req.attachStdout ?? false,
    attachStderr: req.attachStderr ?? false,
    labels: { ...(image.Labels ?? {}), ...(req.labels ?? {}) },
    stopSignal: req.stopSignal || image.StopSignal || 'SIGTERM',
    ...(req.stopTimeout !== undefined ? { stopTimeout: req.stopTimeout } : {}),
    exposedPorts: [...new Set([...Object.keys(image.ExposedPorts ?? {}), ...(req.exposedPorts ?? [])])],
    volumes: [...new Set([...Object.keys(image.Volumes ?? {}), ...(req.volumes ?? [])])],
    ...withHealthcheck(req.healthcheck, image.Healthcheck),
  };
}

/**
 * Docker's merge of health checks: the container's test, or the image's when it gives none; each
 * duration and the retries from the container when set (non-zero), else from the image.
 */
function withHealthcheck(req: HealthcheckConfig | undefined, image: ImageRuntimeDefaults['Healthcheck']): { healthcheck?: HealthcheckConfig } {
  const fromImage: HealthcheckConfig | undefined = image?.Test?.length ? {
    test: image.Test, intervalNs: image.Interval ?? 0, timeoutNs: image.Timeout ?? 0, startPeriodNs: image.StartPeriod ?? 0,
    startIntervalNs: image.StartInterval ?? 0, retries: image.Retries ?? 0,
  } : undefined;
  if (!req) return fromImage ? { healthcheck: fromImage } : {};
  const test = req.test.length ? req.test : fromImage?.test ?? [];
  if (test.length === 0) return {};
  return { healthcheck: {
    test,
    intervalNs: req.intervalNs || fromImage?.intervalNs || 0,
    timeoutNs: req.timeoutNs || fromImage?.timeoutNs || 0,
    startPeriodNs: req.startPeriodNs || fromImage?.startPeriodNs || 0,
    startIntervalNs: req.startIntervalNs || fromImage?.startIntervalNs || 0,
    retries: req.retries || fromImage?.retries || 0,
  } };
}

/** Later entries override earlier ones with the same key; `KEY` alone (no `=`) is kept as given. */
export function mergeEnv(base: string[], overrides: string[]): string[] {
  const out = new Map<string, string>();
  for (const e of [...base, ...overrides]) {
    const eq = e.indexOf('=');
    const key = eq < 0 ? e : e.slice(0, eq);
    if (key === '') throw invalidArgument(`invalid environment variable: ${e}`);
    out.delete(key);
    out.set(key, e);
  }
  return [...out.values()];
}
