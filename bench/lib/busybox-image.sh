# Sourced by the bench scripts: `busybox:latest` made the same way for every engine, from
# one rootfs tarball of the host's busybox-static (as test/harness/busybox-image.ts does),
# so no engine needs a registry and all of them run byte-identical files.

BUSYBOX_PATH_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

# make_busybox_tar DIR: writes DIR/busybox-rootfs.tar and prints its path.
make_busybox_tar() {
  local dir=$1 root=$1/rootfs a
  [[ -x /usr/bin/busybox ]] || { echo "bench: /usr/bin/busybox missing (apt-get install busybox-static)" >&2; return 1; }
  mkdir -p "$root"/{bin,etc,tmp,root,proc,sys,dev,home}
  cp /usr/bin/busybox "$root/bin/busybox"
  for a in $(/usr/bin/busybox --list); do
    [[ $a == busybox ]] || ln -sf busybox "$root/bin/$a"
  done
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\nuser:x:1000:1000:user:/home:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\nuser:x:1000:\n' > "$root/etc/group"
  tar -C "$root" -cf "$dir/busybox-rootfs.tar" .
  echo "$dir/busybox-rootfs.tar"
}

# import_busybox DOCKER_HOST TAR: (re)tags busybox:latest in that engine from TAR. Always
# imports, so every engine of a run holds the same files even if it had an older busybox.
import_busybox() {
  DOCKER_HOST=$1 "$DOCKER" import -c "$BUSYBOX_PATH_ENV" -c 'CMD ["sh"]' "$2" busybox:latest > /dev/null
}
