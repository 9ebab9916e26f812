const SUFFIX = '.in-addr.arpa';

/**
 * The IPv4 address a reverse-lookup name stands for ("5.0.17.172.in-addr.arpa" -> "172.17.0.5"),
 * or undefined when the name is not a full, canonical one (expects a lowercased name).
 */
export function reverseNameToIpv4(name: string): string | undefined {
  if (!name.endsWith(SUFFIX)) return undefined;
  const octets = name.slice(0, -SUFFIX.length).split('.');
  if (octets.length !== 4 || !octets.every((o) => /^(0|[1-9][0-9]{0,2})$/.test(o) && Number(o) <= 255)) return undefined;
  return octets.reverse().join('.');
}
