import { mkdtempSync, rmSync } from 'node:fs';
import type { BerthDaemon } from './berthd-harness.js';
import { runCommand } from './berthd-harness.js';

/**
 * Makes `busybox:latest` in a daemon the way a user without a registry would: a rootfs from the
 * host's busybox-static, tarred and sent through the stock docker CLI's `import`.
 */
export async function importBusybox(d: BerthDaemon, tag = 'busybox:latest'): Promise<void> {
  const dir = mkdtempSync('/var/tmp/berth-busybox-');
  try {
    const script = [
      'set -e', `cd ${dir}`, 'mkdir -p rootfs/bin rootfs/etc rootfs/tmp rootfs/root rootfs/proc rootfs/sys rootfs/dev rootfs/home',
      'cp /usr/bin/busybox rootfs/bin/busybox',
      'for a in $(/usr/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox rootfs/bin/$a; done',
      'chmod 1777 rootfs/tmp',
      'printf "root:x:0:0:root:/root:/bin/sh\\nnobody:x:65534:65534:nobody:/home:/bin/false\\nuser:x:1000:1000:user:/home:/bin/sh\\n" > rootfs/etc/passwd',
      'printf "root:x:0:\\nnogroup:x:65534:\\nuser:x:1000:\\n" > rootfs/etc/group',
      'tar -C rootfs -cf rootfs.tar .',
    ].join('\n');
    const made = await runCommand('sh', ['-c', script], {});
    if (made.code !== 0) throw new Error(`building the busybox rootfs failed: ${made.stderr}`);
    const r = await d.docker(['import', '-c', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '-c', 'CMD ["sh"]',
      `${dir}/rootfs.tar`, tag]);
    if (r.code !== 0) throw new Error(`docker import failed (${r.code}): ${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
