/** The newest Engine API version this client speaks. */
export const CLIENT_API_VERSION = '1.47';

/**
 * The version to put in request paths: the lower of ours and the daemon's
 * (from `/_ping`'s `API-Version` header), as docker's client negotiates. A daemon
 * that doesn't say is assumed to speak ours.
 */
export function negotiateApiVersion(serverVersion: string | undefined, clientVersion = CLIENT_API_VERSION): string {
  if (serverVersion === undefined || !/^\d+\.\d+$/.test(serverVersion)) return clientVersion;
  return compareApiVersions(serverVersion, clientVersion) < 0 ? serverVersion : clientVersion;
}

/** Compares `major.minor` versions numerically (so 1.9 < 1.47). */
export function compareApiVersions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}
