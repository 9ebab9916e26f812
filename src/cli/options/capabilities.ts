/** Docker's NormalizeCapabilities: `net_admin` -> `CAP_NET_ADMIN`, `all` -> `ALL`. */
export function normalizeCapability(cap: string): string {
  const upper = cap.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  return upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}
