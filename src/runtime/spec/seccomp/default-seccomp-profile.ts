import type { ProfileSyscall, SeccompProfile } from './seccomp-profile.js';

/*
 * berth's default seccomp profile: an allowlist. Everything not listed fails with EPERM.
 * It grants what ordinary programs need and what the default capability set already
 * implies, and adds syscalls only when the container holds the capability that makes them
 * meaningful (CAP_SYS_ADMIN: mount family, namespaces, bpf...). It is kept no wider than
 * Docker's default profile: default-seccomp-profile.test.ts checks that against
 * ../shared/specs/docker-default-seccomp.json for several capability sets.
 */

const processLifecycle = [
  'execve', 'execveat', 'exit', 'exit_group', 'fork', 'vfork', 'wait4', 'waitid', 'waitpid',
  'getpid', 'getppid', 'gettid', 'getpgid', 'getpgrp', 'getsid', 'setsid', 'setpgid',
  'set_tid_address', 'set_robust_list', 'get_robust_list', 'rseq', 'restart_syscall',
  'prctl', 'capget', 'capset', 'membarrier', 'map_shadow_stack', 'uretprobe', 'riscv_hwprobe',
  'pidfd_open', 'pidfd_send_signal', 'process_mrelease',
  // a process may always restrict itself further
  'seccomp', 'landlock_create_ruleset', 'landlock_add_rule', 'landlock_restrict_self',
];

/** Identity changes are bounded by CAP_SETUID/CAP_SETGID, which the kernel checks. */
const credentials = [
  'getuid', 'getuid32', 'geteuid', 'geteuid32', 'getgid', 'getgid32', 'getegid', 'getegid32',
  'getresuid', 'getresuid32', 'getresgid', 'getresgid32', 'getgroups', 'getgroups32',
  'setuid', 'setuid32', 'setgid', 'setgid32', 'setreuid', 'setreuid32', 'setregid', 'setregid32',
  'setresuid', 'setresuid32', 'setresgid', 'setresgid32', 'setfsuid', 'setfsuid32',
  'setfsgid', 'setfsgid32', 'setgroups', 'setgroups32',
];

/** Scheduling and limits: raising beyond the caller's rights needs CAP_SYS_NICE/CAP_SYS_RESOURCE. */
const schedulingAndLimits = [
  'sched_yield', 'sched_getaffinity', 'sched_setaffinity', 'sched_getattr', 'sched_setattr',
  'sched_getparam', 'sched_setparam', 'sched_getscheduler', 'sched_setscheduler',
  'sched_get_priority_max', 'sched_get_priority_min', 'sched_rr_get_interval',
  'sched_rr_get_interval_time64', 'getpriority', 'setpriority', 'ioprio_get', 'ioprio_set',
  'getrlimit', 'ugetrlimit', 'setrlimit', 'prlimit64', 'getrusage', 'times', 'getcpu',
  'uname', 'sysinfo', 'umask',
];

const signals = [
  'kill', 'tkill', 'tgkill', 'rt_sigaction', 'rt_sigpending', 'rt_sigprocmask', 'rt_sigqueueinfo',
  'rt_tgsigqueueinfo', 'rt_sigreturn', 'rt_sigsuspend', 'rt_sigtimedwait', 'rt_sigtimedwait_time64',
  'sigaltstack', 'sigprocmask', 'sigreturn', 'signalfd', 'signalfd4', 'pause', 'alarm',
  'getitimer', 'setitimer',
];

/** Reading clocks and timers; setting the clock is in the CAP_SYS_TIME rule below. */
const clocksAndTimers = [
  'clock_getres', 'clock_getres_time64', 'clock_gettime', 'clock_gettime64', 'clock_nanosleep',
  'clock_nanosleep_time64', 'nanosleep', 'gettimeofday', 'time',
  // read-only unless CAP_SYS_TIME, which the kernel checks
  'adjtimex', 'clock_adjtime', 'clock_adjtime64',
  'timer_create', 'timer_delete', 'timer_getoverrun', 'timer_gettime', 'timer_gettime64',
  'timer_settime', 'timer_settime64', 'timerfd_create', 'timerfd_gettime', 'timerfd_gettime64',
  'timerfd_settime', 'timerfd_settime64',
];

const memory = [
  'brk', 'mmap', 'mmap2', 'munmap', 'mremap', 'mprotect', 'madvise', 'mincore', 'msync',
  'mlock', 'mlock2', 'mlockall', 'munlock', 'munlockall', 'remap_file_pages', 'mseal',
  'memfd_create', 'memfd_secret', 'pkey_alloc', 'pkey_free', 'pkey_mprotect', 'cachestat',
];

const threadsAndFutexes = [
  'futex', 'futex_time64', 'futex_wait', 'futex_wake', 'futex_requeue', 'futex_waitv',
  'get_thread_area', 'set_thread_area',
];

const fileDescriptorIo = [
  'open', 'openat', 'openat2', 'creat', 'close', 'close_range', 'read', 'write', 'readv', 'writev',
  'pread64', 'pwrite64', 'preadv', 'preadv2', 'pwritev', 'pwritev2', 'lseek', '_llseek',
  'dup', 'dup2', 'dup3', 'fcntl', 'fcntl64', 'ioctl', 'flock', 'pipe', 'pipe2',
  'fsync', 'fdatasync', 'sync', 'syncfs', 'sync_file_range', 'fallocate', 'readahead',
  'ftruncate', 'ftruncate64', 'truncate', 'truncate64', 'fadvise64', 'fadvise64_64',
  'sendfile', 'sendfile64', 'splice', 'tee', 'vmsplice', 'copy_file_range', 'getrandom',
];

const fileMetadata = [
  'stat', 'stat64', 'lstat', 'lstat64', 'fstat', 'fstat64', 'newfstatat', 'fstatat64', 'statx',
  'statfs', 'statfs64', 'fstatfs', 'fstatfs64', 'access', 'faccessat', 'faccessat2',
  'chmod', 'fchmod', 'fchmodat', 'fchmodat2', 'chown', 'chown32', 'fchown', 'fchown32',
  'fchownat', 'lchown', 'lchown32', 'utime', 'utimes', 'utimensat', 'utimensat_time64',
  'futimesat', 'getdents', 'getdents64', 'readlink', 'readlinkat', 'name_to_handle_at',
  'statmount', 'listmount',
];

const extendedAttributes = [
  'getxattr', 'lgetxattr', 'fgetxattr', 'getxattrat', 'listxattr', 'llistxattr', 'flistxattr',
  'listxattrat', 'setxattr', 'lsetxattr', 'fsetxattr', 'setxattrat', 'removexattr',
  'lremovexattr', 'fremovexattr', 'removexattrat',
];

const directoryTree = [
  'chdir', 'fchdir', 'getcwd', 'mkdir', 'mkdirat', 'rmdir', 'rename', 'renameat', 'renameat2',
  'link', 'linkat', 'symlink', 'symlinkat', 'unlink', 'unlinkat',
  // device nodes still need CAP_MKNOD and pass the device cgroup
  'mknod', 'mknodat',
];

const eventsAndPolling = [
  'select', '_newselect', 'pselect6', 'pselect6_time64', 'poll', 'ppoll', 'ppoll_time64',
  'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_ctl_old', 'epoll_wait', 'epoll_wait_old',
  'epoll_pwait', 'epoll_pwait2', 'eventfd', 'eventfd2',
  'inotify_init', 'inotify_init1', 'inotify_add_watch', 'inotify_rm_watch', 'fanotify_mark',
  // Linux AIO; io_uring stays blocked
  'io_setup', 'io_destroy', 'io_submit', 'io_cancel', 'io_getevents', 'io_pgetevents',
  'io_pgetevents_time64',
];

/** Everything but socket(2) itself, which is filtered by address family below. */
const sockets = [
  'socketpair', 'bind', 'connect', 'listen', 'accept', 'accept4', 'getsockname', 'getpeername',
  'getsockopt', 'setsockopt', 'send', 'sendto', 'sendmsg', 'sendmmsg', 'recv', 'recvfrom',
  'recvmsg', 'recvmmsg', 'recvmmsg_time64', 'shutdown', 'socketcall',
];

/** SysV IPC and POSIX message queues live in the container's own IPC namespace. */
const ipc = [
  'ipc', 'msgget', 'msgsnd', 'msgrcv', 'msgctl', 'semget', 'semop', 'semtimedop',
  'semtimedop_time64', 'semctl', 'shmget', 'shmat', 'shmdt', 'shmctl', 'mq_open', 'mq_unlink',
  'mq_timedsend', 'mq_timedsend_time64', 'mq_timedreceive', 'mq_timedreceive_time64',
  'mq_notify', 'mq_getsetattr',
];

// Address families kept out: AF_ALG (kernel crypto API) and AF_VSOCK (host/guest channel).
const AF_ALG = 38;
const AF_VSOCK = 40;

// personality(2) personas that are harmless: Linux, UNAME26, 32-bit Linux, both, and the query.
const PER_LINUX = 0x0;
const UNAME26 = 0x0008;
const PER_LINUX32 = 0x0002_0000;
const PERSONALITY_QUERY = 0xffff_ffff;

// clone(2) flags that create namespaces; without CAP_SYS_ADMIN none may be set.
const CLONE_NEWNS = 0x0002_0000;
const CLONE_NEWCGROUP = 0x0200_0000;
const CLONE_NEWUTS = 0x0400_0000;
const CLONE_NEWIPC = 0x0800_0000;
const CLONE_NEWUSER = 0x1000_0000;
const CLONE_NEWPID = 0x2000_0000;
const CLONE_NEWNET = 0x4000_0000;
const NAMESPACE_FLAGS =
  CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;

const ENOSYS = 38;

const allow = (names: string[], more: Partial<ProfileSyscall> = {}): ProfileSyscall => ({
  names,
  action: 'SCMP_ACT_ALLOW',
  ...more,
});

const withCap = (cap: string, names: string[]): ProfileSyscall => allow(names, { includes: { caps: [cap] } });

const onlyIfArg0 = (name: string, op: 'SCMP_CMP_EQ' | 'SCMP_CMP_LT' | 'SCMP_CMP_GT', value: number) =>
  allow([name], { args: [{ index: 0, value, op }] });

const rules: ProfileSyscall[] = [
  allow([
    ...processLifecycle, ...credentials, ...schedulingAndLimits, ...signals, ...clocksAndTimers,
    ...memory, ...threadsAndFutexes, ...fileDescriptorIo, ...fileMetadata, ...extendedAttributes,
    ...directoryTree, ...eventsAndPolling, ...sockets, ...ipc,
  ]),
  // Since 4.8 seccomp runs after ptrace, so a tracer can no longer rewrite a filtered syscall.
  allow(['ptrace', 'process_vm_readv', 'process_vm_writev'], { includes: { minKernel: '4.8' } }),

  // every family but the two between which AF_NFC (39) sits
  onlyIfArg0('socket', 'SCMP_CMP_LT', AF_ALG),
  onlyIfArg0('socket', 'SCMP_CMP_EQ', AF_ALG + 1),
  onlyIfArg0('socket', 'SCMP_CMP_GT', AF_VSOCK),

  ...[PER_LINUX, UNAME26, PER_LINUX32, PER_LINUX32 | UNAME26, PERSONALITY_QUERY].map((p) =>
    onlyIfArg0('personality', 'SCMP_CMP_EQ', p)),

  // architecture-specific calls
  allow(['arch_prctl'], { includes: { arches: ['amd64', 'x32'] } }),
  allow(['modify_ldt'], { includes: { arches: ['amd64', 'x32', 'x86'] } }),
  allow(['arm_fadvise64_64', 'arm_sync_file_range', 'sync_file_range2', 'breakpoint', 'cacheflush', 'set_tls'], {
    includes: { arches: ['arm', 'arm64'] },
  }),

  // clone without namespace flags for everyone; clone3 hides its flags in a struct seccomp
  // cannot read, so it gets ENOSYS and libc falls back to clone.
  allow(['clone'], {
    args: [{ index: 0, value: NAMESPACE_FLAGS, op: 'SCMP_CMP_MASKED_EQ' }],
    excludes: { caps: ['CAP_SYS_ADMIN'] },
  }),
  { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, excludes: { caps: ['CAP_SYS_ADMIN'] } },

  // what each capability makes meaningful
  withCap('CAP_SYS_ADMIN', [
    'clone', 'clone3', 'unshare', 'setns', 'mount', 'umount', 'umount2', 'mount_setattr', 'move_mount',
    'open_tree', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'sethostname', 'setdomainname',
    'quotactl', 'quotactl_fd', 'fanotify_init', 'lookup_dcookie', 'bpf', 'perf_event_open', 'syslog',
    'lsm_get_self_attr', 'lsm_set_self_attr', 'lsm_list_modules',
  ]),
  withCap('CAP_DAC_READ_SEARCH', ['open_by_handle_at']),
  withCap('CAP_SYS_BOOT', ['reboot']),
  withCap('CAP_SYS_CHROOT', ['chroot']),
  withCap('CAP_SYS_MODULE', ['init_module', 'finit_module', 'delete_module']),
  withCap('CAP_SYS_PACCT', ['acct']),
  withCap('CAP_SYS_PTRACE', ['ptrace', 'process_vm_readv', 'process_vm_writev', 'process_madvise', 'kcmp', 'pidfd_getfd']),
  withCap('CAP_SYS_RAWIO', ['iopl', 'ioperm']),
  withCap('CAP_SYS_TIME', ['settimeofday', 'stime', 'clock_settime', 'clock_settime64']),
  withCap('CAP_SYS_TTY_CONFIG', ['vhangup']),
  withCap('CAP_SYS_NICE', ['get_mempolicy', 'set_mempolicy', 'set_mempolicy_home_node', 'mbind']),
  withCap('CAP_SYSLOG', ['syslog']),
  withCap('CAP_BPF', ['bpf']),
  withCap('CAP_PERFMON', ['perf_event_open']),
];

/** The default profile, in Docker's profile format, before resolution for one container. */
export const defaultSeccompProfile: SeccompProfile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1, // EPERM
  archMap: [
    { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
    { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
  ],
  syscalls: rules,
};
