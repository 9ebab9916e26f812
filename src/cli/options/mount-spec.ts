import type { MountSpec } from '../../client/types/container-types.js';
import { ramInBytes } from '../units/parse-bytes.js';

/**
 * Docker's `--mount` CSV (`type=bind,source=/a,target=/b,readonly`) to the API's
 * Mount object, with docker's field names and aliases (src, dst, destination, ro).
 */
export function parseMountSpec(text: string): MountSpec {
  const mount: MountSpec = { Type: 'volume', Target: '' };
  const bool = (key: string, value: string | undefined): boolean => {
    if (value === undefined) return true;
    if (['1', 'true', 'True', 'TRUE', 't'].includes(value)) return true;
    if (['0', 'false', 'False', 'FALSE', 'f'].includes(value)) return false;
    throw new Error(`invalid value for ${key}: ${value}`);
  };
  const volume = () => (mount.VolumeOptions ??= { DriverConfig: {} });
  for (const field of splitCsv(text)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    const need = () => {
      if (value === undefined) throw new Error(`invalid field '${field}' must be a key=value pair`);
      return value;
    };
    switch (key) {
      case 'type': mount.Type = need().toLowerCase(); break;
      case 'source': case 'src': mount.Source = need(); break;
      case 'target': case 'dst': case 'destination': mount.Target = need(); break;
      case 'readonly': case 'ro': mount.ReadOnly = bool(key, value); break;
      case 'consistency': mount.Consistency = need(); break;
      case 'bind-propagation': (mount.BindOptions ??= {}).Propagation = need().toLowerCase(); break;
      case 'bind-nonrecursive': (mount.BindOptions ??= {}).NonRecursive = bool(key, value); break;
      case 'bind-create-mountpoint': (mount.BindOptions ??= {}).CreateMountpoint = bool(key, value); break;
      case 'volume-nocopy': volume().NoCopy = bool(key, value); break;
      case 'volume-subpath': volume().Subpath = need(); break;
      case 'volume-driver': volume().DriverConfig = { ...volume().DriverConfig, Name: need() }; break;
      case 'volume-label': {
        const [k = '', v = ''] = need().split(/=(.*)/s);
        volume().Labels = { ...volume().Labels, [k]: v };
        break;
      }
      case 'volume-opt': {
        const [k = '', v = ''] = need().split(/=(.*)/s);
        const dc = volume().DriverConfig ?? {};
        volume().DriverConfig = { ...dc, Options: { ...dc.Options, [k]: v } };
        break;
      }
      case 'tmpfs-size': (mount.TmpfsOptions ??= {}).SizeBytes = ramInBytes(need()); break;
      case 'tmpfs-mode': {
        const mode = need();
        if (!/^[0-7]+$/.test(mode)) throw new Error(`invalid value for ${key}: ${mode}`);
        (mount.TmpfsOptions ??= {}).Mode = parseInt(mode, 8);
        break;
      }
      default: throw new Error(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (mount.Target === '') throw new Error('target is required');
  if (mount.Type !== 'volume' && mount.VolumeOptions) throw new Error(`cannot mix 'volume-*' options with mount type '${mount.Type}'`);
  if (mount.Type !== 'bind' && mount.BindOptions) throw new Error(`cannot mix 'bind-*' options with mount type '${mount.Type}'`);
  if (mount.Type !== 'tmpfs' && mount.TmpfsOptions) throw new Error(`cannot mix 'tmpfs-*' options with mount type '${mount.Type}'`);
  return mount;
}

/** Splits on commas, honouring double quotes as Go's csv reader does. */
function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      fields.push(cur);
      cur = '';
    } else cur += c;
  }
  fields.push(cur);
  return fields.filter((f) => f !== '');
}
