import { invalidArgument } from '../../core/engine-error.js';

/** The bridge driver options berth acts on must be valid; others are kept and ignored, as Docker does. */
export function checkDriverOptions(options: Record<string, string>): void {
  const mtu = options['com.docker.network.driver.mtu'];
  if (mtu !== undefined && (!/^\d+$/.test(mtu) || Number(mtu) < 68 || Number(mtu) > 65535)) {
    throw invalidArgument(`invalid com.docker.network.driver.mtu ${JSON.stringify(mtu)}: a number from 68 to 65535`);
  }
  const masq = options['com.docker.network.bridge.enable_ip_masquerade'];
  if (masq !== undefined && masq !== 'true' && masq !== 'false') {
    throw invalidArgument(`invalid com.docker.network.bridge.enable_ip_masquerade ${JSON.stringify(masq)}: true or false`);
  }
}
