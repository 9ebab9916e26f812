import { isIP } from 'node:net';
import { ramInBytes } from '../units/parse-bytes.js';

/** `--add-host name:ip` or `name=ip` (docker 25+), normalised to `name:ip` as the API wants. */
export function parseExtraHost(text: string): string {
  const sep = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
  const name = sep < 0 ? '' : text.slice(0, sep);
  let ip = sep < 0 ? '' : text.slice(sep + 1);
  if (name === '' || ip === '') throw new Error(`bad format for add-host: ${JSON.stringify(text)}`);
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip !== 'host-gateway' && isIP(ip) === 0) throw new Error(`invalid IP address in add-host: ${JSON.stringify(ip)}`);
  return `${name}:${ip}`;
}

/** `--dns 8.8.8.8` */
export function parseIpAddress(text: string): string {
  const ip = text.trim();
  if (isIP(ip) === 0) throw new Error(`IP address is not correctly formatted: ${text}`);
  return ip;
}

/** `--device /dev/sda[:/dev/xvda[:rwm]]` */
export function parseDevice(text: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const parts = text.split(':');
  const host = parts[0] ?? '';
  let container = host;
  let perms = 'rwm';
  if (parts.length === 2) {
    if (/^[rwm]+$/.test(parts[1]!)) perms = parts[1]!;
    else container = parts[1]!;
  } else if (parts.length === 3) {
    container = parts[1]!;
    perms = parts[2]!;
  } else if (parts.length > 3) {
    throw new Error(`invalid device specification: ${text}`);
  }
  if (!/^[rwm]+$/.test(perms)) throw new Error(`invalid device mode: ${perms}`);
  if (!container.startsWith('/')) throw new Error(`${container} is not an absolute path`);
  return { PathOnHost: host, PathInContainer: container, CgroupPermissions: perms };
}

/**
 * `--blkio-weight-device /dev/sda:200`, `--device-read-bps /dev/sda:1mb`,
 * `--device-write-iops /dev/sda:100`: a device path and its limit, as the API's
 * `{Path, Weight}` / `{Path, Rate}`.
 */
export function parseDeviceValue(text: string, kind: 'weight' | 'bytes' | 'count'): { Path: string; Weight?: number; Rate?: number } {
  const colon = text.lastIndexOf(':');
  const path = colon < 0 ? '' : text.slice(0, colon);
  const value = colon < 0 ? '' : text.slice(colon + 1);
  if (!path.startsWith('/dev/')) throw new Error(`bad format: ${text}`);
  if (kind === 'bytes') {
    const rate = ramInBytes(value);
    return { Path: path, Rate: rate };
  }
  if (!/^\d+$/.test(value)) throw new Error(`invalid ${kind === 'weight' ? 'weight' : 'rate'} for device: ${value}`);
  const n = Number(value);
  if (kind === 'weight' && (n < 10 || n > 1000)) throw new Error(`invalid weight for device: ${value}`);
  return kind === 'weight' ? { Path: path, Weight: n } : { Path: path, Rate: n };
}
