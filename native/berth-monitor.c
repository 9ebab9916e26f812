/*
 * berth-monitor: holds one container (or one exec) on behalf of berthd.
 *
 *   berth-monitor --dir DIR [--log FILE] [--tty] [--stdin] [--stdin-once] [--client-stall-ms N]
 *                 -- RUNTIME ARGV...
 *
 * berthd spawns it detached with fd 3 = a socketpair. The monitor creates
 * DIR/attach.sock, DIR/ctl.sock (and DIR/console.sock with --tty), writes
 * DIR/monitor.pid, says "ready" on fd 3 and waits for "go". It then runs the
 * OCI runtime (which must be given --detach --pid-file DIR/pid), holds the
 * container's stdio, writes the CRI log, serves attach clients, reaps the
 * container (it is a child subreaper) and writes DIR/exit. It never depends on
 * berthd after the handshake, so it survives berthd restarts.
 *
 * fd 3 protocol (monitor -> berthd unless noted):
 *   "ready\n"                      sockets are listening; berthd may connect attach clients
 *   "go\n" (berthd -> monitor)     start the runtime; anything else or EOF aborts (exit 1)
 *   "pid <N>\n"                    the container process is running
 *   "error <rc> <message>\n"       the runtime failed (rc = its exit code, 128+signal if
 *                                  killed, -1 = the monitor itself failed); DIR/exit holds
 *                                  125/126/127 by docker's conventions, written before this line
 *
 * Runtime errors: crun and runc print them to stderr, which (without --tty) is the
 * container's stderr pipe. Everything read from that pipe until the runtime exits
 * is held back; on failure it is the error message, on success it is flushed as
 * ordinary container stderr. With --tty the runtime's stderr is a private pipe.
 *
 * attach.sock: output as docker multiplexed frames ([stream,0,0,0,len u32 BE] + data),
 * from the moment a client connects; client bytes are container stdin (with --stdin);
 * a client's half-close closes stdin with --stdin-once (tty: writes ^D). A client with 1 MiB
 * unsent pauses the container's output (as docker does) until it catches up, and is
 * dropped if it takes nothing for --client-stall-ms (default 10 s). The log is always written.
 * ctl.sock (lines): "resize <rows> <cols>" -> "ok" | "error <msg>"; the monitor sends
 * "exit <code>" to every ctl client once DIR/exit is written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CTL_FD 3
#define READ_CHUNK 65536
#define CLIENT_BUF_MAX (1u << 20)
#define CLIENT_STALL_MS 10000
#define STDIN_BUF_MAX (1u << 20)
#define EARLY_MAX 65536
#define ERR_MSG_MAX 2048
#define DRAIN_MS 2000
#define FLUSH_MS 2000
#define CTL_LINE_MAX 256
#define REAPED_MAX 64

/* Pending bytes [off, off + len) of p. */
struct buf {
  char *p;
  size_t off, len, cap;
};

struct attach_client {
  int fd; /* -1 once dropped; the array is compacted between poll rounds */
  bool eof;
  int64_t full_since; /* when out last reached CLIENT_BUF_MAX without draining below it; 0 = not full */
  struct buf out;
};

struct ctl_client {
  int fd;
  size_t len;
  char line[CTL_LINE_MAX];
};

enum phase { RUNTIME_RUNNING, CONTAINER_RUNNING, DRAINING };

static struct {
  const char *dir, *log_path;
  bool tty, want_stdin, stdin_once;
  int64_t stall_ms;
  char **argv;

  int sig_fd, attach_lfd, ctl_lfd, console_lfd, console_cfd, log_fd, reserve_fd;
  int out_fd;   /* stdout pipe read end, or the pty master */
  int err_fd;   /* stderr pipe read end; -1 with a tty */
  int rterr_fd; /* tty only: the runtime's private stderr pipe */
  int in_fd;    /* stdin pipe write end, or a dup of the pty master; -1 = none/closed */
  struct buf in_buf;
  bool in_close_pending;

  struct attach_client *clients;
  size_t nclients, capclients;
  struct ctl_client *ctls;
  size_t nctls, capctls;

  enum phase phase;
  pid_t runtime_pid, container_pid;
  bool runtime_done;
  int runtime_status, container_status;
  struct { pid_t pid; int status; } reaped[REAPED_MAX];
  size_t nreaped;
  struct buf early; /* held-back runtime stderr */
  int64_t drain_deadline;
  bool have_size;
  struct winsize size;
  bool got_console; /* out_fd may already be closed again: a short-lived process hangs up the pty before runc exits */
} m;

static char chunk[READ_CHUNK];
static struct buf log_scratch;

/* ---------- small I/O helpers ---------- */

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static bool write_all(int fd, const void *data, size_t n) {
  const char *p = data;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

static void set_nonblock(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static bool buf_append(struct buf *b, const void *d, size_t n, size_t max) {
  if (b->len + n > max) return false;
  if (b->off + b->len + n > b->cap) {
    if (b->off > 0) {
      memmove(b->p, b->p + b->off, b->len);
      b->off = 0;
    }
    if (b->len + n > b->cap) {
      size_t cap = b->cap ? b->cap : 4096;
      while (cap < b->len + n) cap *= 2;
      char *p = realloc(b->p, cap);
      if (p == NULL) return false;
      b->p = p;
      b->cap = cap;
    }
  }
  memcpy(b->p + b->off + b->len, d, n);
  b->len += n;
  return true;
}

static void buf_consume(struct buf *b, size_t n) {
  b->off += n;
  b->len -= n;
  if (b->len == 0) {
    b->off = 0;
    if (b->cap > 4 * READ_CHUNK) { /* give memory back after a burst */
      free(b->p);
      b->p = NULL;
      b->cap = 0;
    }
  }
}

static void buf_free(struct buf *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}

/* Writes as much of b as fd takes now. Returns false on a fatal write error. */
static bool buf_flush(int fd, struct buf *b) {
  while (b->len > 0) {
    ssize_t w = write(fd, b->p + b->off, b->len);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
    buf_consume(b, (size_t)w);
  }
  return true;
}

/* Writes a small file atomically: NAME.tmp, fsync, rename, fsync the directory. */
static void write_file_atomic(const char *name, const char *content) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%s.tmp", name);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  bool ok = write_all(fd, content, strlen(content)) && fsync(fd) == 0;
  close(fd);
  if (!ok || rename(tmp, name) != 0) {
    unlink(tmp);
    return;
  }
  int dfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
}

static void ctl_say(const char *line) {
  write_all(CTL_FD, line, strlen(line)); /* berthd may be gone: errors are fine */
}

/* ---------- setup ---------- */

static void cleanup_sockets(void) {
  close_fd(&m.attach_lfd);
  close_fd(&m.ctl_lfd);
  close_fd(&m.console_lfd);
  unlink("attach.sock");
  unlink("ctl.sock");
  unlink("console.sock");
}

static void fail_setup(const char *what) {
  char line[512];
  snprintf(line, sizeof line, "error -1 %s: %s\n", what, strerror(errno));
  ctl_say(line);
  cleanup_sockets();
  exit(1);
}

static int listen_unix(const char *name) {
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  snprintf(sa.sun_path, sizeof sa.sun_path, "%s", name);
  unlink(name);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static void usage(void) {
  ctl_say("error -1 usage: berth-monitor --dir DIR [--log FILE] [--tty] [--stdin] [--stdin-once] [--client-stall-ms N] -- RUNTIME ARGV...\n");
  exit(2);
}

static void parse_args(int argc, char **argv) {
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    } else if (strcmp(a, "--dir") == 0 && i + 1 < argc) {
      m.dir = argv[++i];
    } else if (strcmp(a, "--log") == 0 && i + 1 < argc) {
      m.log_path = argv[++i];
    } else if (strcmp(a, "--client-stall-ms") == 0 && i + 1 < argc) {
      m.stall_ms = strtoll(argv[++i], NULL, 10);
    } else if (strcmp(a, "--tty") == 0) {
      m.tty = true;
    } else if (strcmp(a, "--stdin") == 0) {
      m.want_stdin = true;
    } else if (strcmp(a, "--stdin-once") == 0) {
      m.stdin_once = true;
    } else {
      usage();
    }
  }
  if (m.dir == NULL || i >= argc || m.stall_ms <= 0) usage();
  m.argv = argv + i;
}

/* Closes every inherited fd but stdio and the control socket, and makes sure 0-2
 * exist so that no pipe we create lands there. */
static void sanitize_fds(void) {
  for (int fd = 0; fd < 3; fd++)
    if (fcntl(fd, F_GETFD) < 0) open("/dev/null", O_RDWR);
  if (close_range(CTL_FD + 1, ~0u, 0) != 0) {
    struct rlimit rl;
    int max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536 ? (int)rl.rlim_cur : 65536;
    for (int fd = CTL_FD + 1; fd < max; fd++) close(fd);
  }
  fcntl(CTL_FD, F_SETFD, FD_CLOEXEC);
  int fl = fcntl(CTL_FD, F_GETFL);
  if (fl >= 0) fcntl(CTL_FD, F_SETFL, fl & ~O_NONBLOCK);
}

static void setup(void) {
  if (chdir(m.dir) != 0) fail_setup("chdir to --dir");
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) fail_setup("PR_SET_CHILD_SUBREAPER");
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigprocmask(SIG_BLOCK, &set, NULL);
  m.sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (m.sig_fd < 0) fail_setup("signalfd");
  m.reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

  char pid[32];
  snprintf(pid, sizeof pid, "%d\n", (int)getpid());
  write_file_atomic("monitor.pid", pid);

  if ((m.attach_lfd = listen_unix("attach.sock")) < 0) fail_setup("listen on attach.sock");
  if ((m.ctl_lfd = listen_unix("ctl.sock")) < 0) fail_setup("listen on ctl.sock");
  if (m.tty && (m.console_lfd = listen_unix("console.sock")) < 0) fail_setup("listen on console.sock");
  if (m.log_path != NULL) {
    m.log_fd = open(m.log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (m.log_fd < 0) fail_setup("open log file");
  }
}

/* "ready", then one line from berthd: only "go" proceeds. */
static void handshake(void) {
  ctl_say("ready\n");
  char line[64];
  size_t n = 0;
  for (;;) {
    char c;
    ssize_t r = read(CTL_FD, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0 || c == '\n' || n + 1 >= sizeof line) break;
    line[n++] = c;
  }
  line[n] = '\0';
  if (strcmp(line, "go") != 0) {
    cleanup_sockets();
    exit(1);
  }
}

/* ---------- output: CRI log and attach frames ---------- */

static void format_time(char *out, size_t size) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + n, size - n, ".%09ldZ", ts.tv_nsec);
}

/* One record per line; a trailing piece without '\n' is a partial ("P") record. */
static void log_output(int stream, const char *d, size_t n) {
  if (m.log_fd < 0 || n == 0) return;
  char ts[48];
  format_time(ts, sizeof ts);
  const char *name = stream == 1 ? " stdout " : " stderr ";
  log_scratch.len = log_scratch.off = 0;
  while (n > 0) {
    const char *nl = memchr(d, '\n', n);
    size_t l = nl ? (size_t)(nl - d) : n;
    buf_append(&log_scratch, ts, strlen(ts), SIZE_MAX);
    buf_append(&log_scratch, name, 8, SIZE_MAX);
    buf_append(&log_scratch, nl ? "F " : "P ", 2, SIZE_MAX);
    buf_append(&log_scratch, d, l, SIZE_MAX);
    buf_append(&log_scratch, "\n", 1, SIZE_MAX);
    size_t used = l + (nl ? 1 : 0);
    d += used;
    n -= used;
  }
  write_all(m.log_fd, log_scratch.p, log_scratch.len); /* ENOSPC must not stop the container */
}

static void drop_client(struct attach_client *c) {
  close_fd(&c->fd);
  buf_free(&c->out);
}

/* Any progress restarts the stall clock of a full client. */
static void client_flush(struct attach_client *c) {
  size_t before = c->out.len;
  if (!buf_flush(c->fd, &c->out)) {
    drop_client(c);
    return;
  }
  if (c->out.len < CLIENT_BUF_MAX) c->full_since = 0;
  else if (c->out.len < before) c->full_since = now_ms();
}

/* While a client holds a full buffer the container's output is not read, so the
 * container blocks as it would on a slow docker attach; a client that takes
 * nothing for stall_ms is dropped, so it never blocks the container for good. */
static bool output_paused(void) {
  for (size_t i = 0; i < m.nclients; i++)
    if (m.clients[i].fd >= 0 && m.clients[i].full_since != 0) return true;
  return false;
}

static void client_send(struct attach_client *c, const unsigned char *hdr, const char *d, size_t n) {
  size_t done = 0, total = 8 + n;
  if (c->out.len == 0) {
    struct iovec iov[2] = {{(void *)hdr, 8}, {(void *)d, n}};
    ssize_t w;
    do w = writev(c->fd, iov, 2);
    while (w < 0 && errno == EINTR);
    if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      drop_client(c);
      return;
    }
    done = w < 0 ? 0 : (size_t)w;
  }
  if (done == total) return;
  /* reads stop once a buffer is full, so it overshoots by at most one chunk */
  size_t max = CLIENT_BUF_MAX + READ_CHUNK + 8;
  bool ok = true;
  if (done < 8) ok = buf_append(&c->out, hdr + done, 8 - done, max);
  size_t from = done > 8 ? done - 8 : 0;
  if (ok) ok = buf_append(&c->out, d + from, n - from, max);
  if (!ok) drop_client(c);
  else if (c->out.len >= CLIENT_BUF_MAX && c->full_since == 0) c->full_since = now_ms();
}

static void emit(int stream, const char *d, size_t n) {
  if (n == 0) return;
  log_output(stream, d, n);
  unsigned char hdr[8] = {(unsigned char)stream, 0, 0, 0, (unsigned char)(n >> 24), (unsigned char)(n >> 16),
                          (unsigned char)(n >> 8), (unsigned char)n};
  for (size_t i = 0; i < m.nclients; i++)
    if (m.clients[i].fd >= 0) client_send(&m.clients[i], hdr, d, n);
}

/* Reads once from an output fd: 1 = got data, 0 = nothing yet, -1 = EOF (EIO on a
 * pty master means every slave is closed). hold_back keeps the bytes in m.early. */
static int read_output(int fd, int stream, bool hold_back) {
  ssize_t r;
  do r = read(fd, chunk, sizeof chunk);
  while (r < 0 && errno == EINTR);
  if (r < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
  if (r == 0) return -1;
  if (!hold_back) {
    emit(stream, chunk, (size_t)r);
  } else {
    if (m.early.len + (size_t)r > EARLY_MAX) { /* a chatty container: release the oldest part */
      size_t spill = m.early.len + (size_t)r - EARLY_MAX;
      if (spill > m.early.len) spill = m.early.len;
      emit(2, m.early.p + m.early.off, spill);
      buf_consume(&m.early, spill);
    }
    buf_append(&m.early, chunk, (size_t)r, SIZE_MAX);
  }
  return 1;
}

/* ---------- stdin ---------- */

static void stdin_close(void) {
  buf_free(&m.in_buf);
  close_fd(&m.in_fd);
  m.in_close_pending = false;
}

static void stdin_flush(void) {
  if (m.in_fd < 0) return;
  if (!buf_flush(m.in_fd, &m.in_buf)) {
    stdin_close(); /* the reader is gone (EPIPE) */
    return;
  }
  if (m.in_buf.len == 0 && m.in_close_pending) stdin_close();
}

static void stdin_write(const char *d, size_t n) {
  if (m.in_fd < 0 || m.in_close_pending) return;
  buf_append(&m.in_buf, d, n, SIZE_MAX); /* bounded by not reading clients while full */
  stdin_flush();
}

static void stdin_eof(void) {
  if (m.in_fd < 0 || m.in_close_pending) return;
  if (m.tty) {
    stdin_write("\x04", 1); /* the line discipline turns ^D into EOF for the reader */
    return;
  }
  m.in_close_pending = true;
  stdin_flush();
}

/* ---------- clients ---------- */

static int accept_one(int lfd) {
  for (;;) {
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) return fd;
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if ((errno == EMFILE || errno == ENFILE) && m.reserve_fd >= 0) {
      /* out of fds: accept and close with the reserve so the listener does not spin */
      close_fd(&m.reserve_fd);
      fd = accept(lfd, NULL, NULL);
      if (fd >= 0) close(fd);
      m.reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
      continue;
    }
    return -1;
  }
}

/* Makes room for one more element in a growable array of client records; false when out of memory. */
static bool grow(void **arr, size_t *cap, size_t n, size_t elem) {
  if (n < *cap) return true;
  size_t ncap = *cap ? *cap * 2 : 4;
  void *p = realloc(*arr, ncap * elem);
  if (p == NULL) return false;
  *arr = p;
  *cap = ncap;
  return true;
}

static void accept_attach(void) {
  int fd;
  while ((fd = accept_one(m.attach_lfd)) >= 0) {
    if (!grow((void **)&m.clients, &m.capclients, m.nclients, sizeof *m.clients)) {
      close(fd);
      continue;
    }
    m.clients[m.nclients++] = (struct attach_client){.fd = fd};
  }
}

static void accept_ctl(void) {
  int fd;
  while ((fd = accept_one(m.ctl_lfd)) >= 0) {
    if (!grow((void **)&m.ctls, &m.capctls, m.nctls, sizeof *m.ctls)) {
      close(fd);
      continue;
    }
    m.ctls[m.nctls] = (struct ctl_client){.fd = fd};
    m.nctls++;
  }
}

static void client_read(struct attach_client *c) {
  ssize_t r;
  do r = read(c->fd, chunk, sizeof chunk);
  while (r < 0 && errno == EINTR);
  if (r < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK) drop_client(c);
    return;
  }
  if (r == 0) {
    c->eof = true;
    if (m.stdin_once) stdin_eof();
    return;
  }
  if (m.want_stdin) stdin_write(chunk, (size_t)r);
}

static void apply_size(void) {
  if (m.have_size && m.tty && m.out_fd >= 0) ioctl(m.out_fd, TIOCSWINSZ, &m.size);
}

static void ctl_reply(struct ctl_client *c, const char *line) {
  ssize_t w;
  do w = write(c->fd, line, strlen(line));
  while (w < 0 && errno == EINTR);
  if (w != (ssize_t)strlen(line)) close_fd(&c->fd); /* a client that does not read is dropped */
}

static void ctl_command(struct ctl_client *c, const char *line) {
  unsigned rows, cols;
  char extra;
  if (sscanf(line, "resize %u %u %c", &rows, &cols, &extra) == 2 && rows <= 65535 && cols <= 65535) {
    m.size = (struct winsize){.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    m.have_size = true; /* applied now, or when the pty master arrives */
    apply_size();
    ctl_reply(c, "ok\n");
  } else {
    ctl_reply(c, "error unknown command\n");
  }
}

static void ctl_read(struct ctl_client *c) {
  ssize_t r;
  do r = read(c->fd, c->line + c->len, sizeof c->line - 1 - c->len);
  while (r < 0 && errno == EINTR);
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (r <= 0) {
    close_fd(&c->fd);
    return;
  }
  c->len += (size_t)r;
  char *start = c->line, *nl;
  while (c->fd >= 0 && (nl = memchr(start, '\n', c->len - (size_t)(start - c->line))) != NULL) {
    *nl = '\0';
    ctl_command(c, start);
    start = nl + 1;
  }
  c->len -= (size_t)(start - c->line);
  memmove(c->line, start, c->len);
  if (c->len == sizeof c->line - 1) close_fd(&c->fd); /* no line this long is valid */
}

static void compact_clients(void) {
  size_t j = 0;
  for (size_t i = 0; i < m.nclients; i++)
    if (m.clients[i].fd >= 0) m.clients[j++] = m.clients[i];
  m.nclients = j;
  j = 0;
  for (size_t i = 0; i < m.nctls; i++)
    if (m.ctls[i].fd >= 0) m.ctls[j++] = m.ctls[i];
  m.nctls = j;
}

/* ---------- console socket (tty) ---------- */

/* Receives the pty master the runtime sends over console.sock (SCM_RIGHTS). */
static void console_receive(void) {
  char data[256];
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  struct iovec iov = {data, sizeof data};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
  ssize_t r;
  do r = recvmsg(m.console_cfd, &msg, MSG_CMSG_CLOEXEC);
  while (r < 0 && errno == EINTR);
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  struct cmsghdr *cm = r > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (cm != NULL && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
    int fd;
    memcpy(&fd, CMSG_DATA(cm), sizeof(int));
    if (m.got_console) {
      close(fd); /* only the first console counts */
    } else {
      m.got_console = true;
      m.out_fd = fd;
      set_nonblock(m.out_fd);
      if (m.want_stdin) m.in_fd = fcntl(m.out_fd, F_DUPFD_CLOEXEC, 0);
      apply_size();
    }
  }
  close_fd(&m.console_cfd);
}

/* A newer connection replaces one that has sent nothing yet: the runtime sends
 * right after connecting, and a silent peer must not keep the listener busy. */
static void console_accept(void) {
  int fd;
  while ((fd = accept_one(m.console_lfd)) >= 0) {
    close_fd(&m.console_cfd);
    m.console_cfd = fd;
    console_receive();
  }
}

/* ---------- processes ---------- */

static int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

static void container_exited(int status) {
  m.container_status = status;
  m.phase = DRAINING;
  m.drain_deadline = now_ms() + DRAIN_MS;
}

static void reap(void) {
  struct signalfd_siginfo si;
  while (read(m.sig_fd, &si, sizeof si) == sizeof si) {
  }
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) break;
    if (pid == m.runtime_pid) {
      m.runtime_done = true;
      m.runtime_status = status;
    } else if (m.container_pid > 0 && pid == m.container_pid) {
      container_exited(status);
    } else if (m.container_pid <= 0 && m.nreaped < REAPED_MAX) {
      /* the container may die before the runtime has told us its pid */
      m.reaped[m.nreaped].pid = pid;
      m.reaped[m.nreaped].status = status;
      m.nreaped++;
    }
  }
}

static pid_t spawn_runtime(int in, int out, int err, int *exec_errno) {
  int ep[2];
  *exec_errno = 0;
  if (pipe2(ep, O_CLOEXEC) != 0) {
    *exec_errno = errno;
    return -1;
  }
  pid_t pid = fork();
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL); /* ignored dispositions survive exec: give the container defaults */
    signal(SIGHUP, SIG_DFL);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    dup3(ep[1], CTL_FD, O_CLOEXEC);
    if (close_range(CTL_FD + 1, ~0u, 0) != 0)
      for (int fd = CTL_FD + 1; fd < 65536; fd++) close(fd);
    execvp(m.argv[0], m.argv);
    int e = errno;
    write_all(CTL_FD, &e, sizeof e);
    _exit(127);
  }
  int e = errno;
  close(ep[1]);
  if (pid < 0) {
    close(ep[0]);
    *exec_errno = e;
    return -1;
  }
  ssize_t r;
  do r = read(ep[0], exec_errno, sizeof *exec_errno);
  while (r < 0 && errno == EINTR);
  if (r != sizeof *exec_errno) *exec_errno = 0;
  close(ep[0]);
  return pid;
}

/* docker's conventions for a process that could not be started: 127 not found,
 * 126 not executable, 125 anything else. Only errors about the executable count
 * (crun: "executable file `x` not found", "open executable: Permission denied";
 * runc: "exec: \"x\": ..."), not e.g. a missing console socket. */
static int start_failure_code(const char *msg) {
  if (!strcasestr(msg, "exec")) return 125;
  if (strcasestr(msg, "not found") || strcasestr(msg, "no such file or directory")) return 127;
  if (strcasestr(msg, "permission denied") || strcasestr(msg, "is a directory")) return 126;
  return 125;
}

static void runtime_failed(int rc, const char *raw) {
  /* one line: runtime lines joined with "; ", control characters blanked */
  char msg[ERR_MSG_MAX];
  size_t n = 0;
  bool pending_sep = false;
  for (const char *p = raw; *p && n + 3 < sizeof msg; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '\n' || c == '\r') {
      pending_sep = n > 0;
      continue;
    }
    if (pending_sep) {
      msg[n++] = ';';
      msg[n++] = ' ';
      pending_sep = false;
    }
    msg[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
  }
  while (n > 0 && msg[n - 1] == ' ') n--;
  msg[n] = '\0';
  if (n == 0) snprintf(msg, sizeof msg, "OCI runtime %s exited with status %d", m.argv[0], rc);

  char code[16];
  snprintf(code, sizeof code, "%d\n", start_failure_code(msg));
  write_file_atomic("exit", code);
  char line[ERR_MSG_MAX + 32];
  snprintf(line, sizeof line, "error %d %s\n", rc, msg);
  ctl_say(line);
  cleanup_sockets();
  exit(1);
}

static void start_runtime(void) {
  int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  int in_r = null_fd, out_w = null_fd, err_w, p[2];
  if (null_fd < 0) fail_setup("open /dev/null");
  if (!m.tty) {
    if (m.want_stdin) {
      if (pipe2(p, O_CLOEXEC) != 0) fail_setup("pipe");
      in_r = p[0];
      m.in_fd = p[1];
      set_nonblock(m.in_fd);
    }
    if (pipe2(p, O_CLOEXEC) != 0) fail_setup("pipe");
    m.out_fd = p[0];
    out_w = p[1];
  }
  if (pipe2(p, O_CLOEXEC) != 0) fail_setup("pipe");
  err_w = p[1];
  if (m.tty) m.rterr_fd = p[0];
  else m.err_fd = p[0];
  if (m.out_fd >= 0) set_nonblock(m.out_fd);
  set_nonblock(p[0]);

  int exec_errno;
  m.runtime_pid = spawn_runtime(in_r, out_w, err_w, &exec_errno);
  if (in_r != null_fd) close(in_r);
  if (out_w != null_fd) close(out_w);
  close(err_w);
  close(null_fd);
  if (m.runtime_pid < 0 || exec_errno != 0) {
    char raw[512];
    snprintf(raw, sizeof raw, "cannot execute OCI runtime %s: %s", m.argv[0], strerror(exec_errno));
    if (m.runtime_pid > 0) waitpid(m.runtime_pid, NULL, 0);
    char line[600];
    snprintf(line, sizeof line, "error -1 %s\n", raw);
    write_file_atomic("exit", "125\n");
    ctl_say(line);
    cleanup_sockets();
    exit(1);
  }
}

/* The runtime is gone: decide between "error" and "pid". */
static void runtime_exited(void) {
  /* everything the runtime wrote is in the pipe by now */
  int *hold_fd = m.tty ? &m.rterr_fd : &m.err_fd;
  int r;
  while (*hold_fd >= 0 && (r = read_output(*hold_fd, 2, true)) != 0)
    if (r < 0) close_fd(hold_fd);
  if (m.tty) close_fd(&m.rterr_fd);
  buf_append(&m.early, "", 1, SIZE_MAX); /* NUL-terminate the message */
  m.early.len--;

  int rc = exit_code(m.runtime_status);
  if (rc != 0) runtime_failed(rc, m.early.p ? m.early.p + m.early.off : "");

  if (m.tty) {
    if (m.console_cfd >= 0) console_receive();
    console_accept();
    if (!m.got_console) runtime_failed(255, "the OCI runtime did not send a console (is process.terminal set?)");
  }
  FILE *f = fopen("pid", "re");
  int pid = 0;
  if (f != NULL) {
    if (fscanf(f, "%d", &pid) != 1) pid = 0;
    fclose(f);
  }
  if (pid <= 0) runtime_failed(255, "the OCI runtime did not write DIR/pid (is --pid-file DIR/pid given?)");

  m.container_pid = pid;
  char line[32];
  snprintf(line, sizeof line, "pid %d\n", pid);
  ctl_say(line);
  close(CTL_FD);
  if (!m.tty) emit(2, m.early.p ? m.early.p + m.early.off : "", m.early.len); /* it was container output */
  buf_free(&m.early);
  close_fd(&m.console_lfd);
  unlink("console.sock");

  m.phase = CONTAINER_RUNNING;
  for (size_t i = 0; i < m.nreaped; i++)
    if (m.reaped[i].pid == pid) container_exited(m.reaped[i].status);
  m.nreaped = 0;
}

/* ---------- main loop ---------- */

enum tag { T_SIG, T_OUT, T_ERR, T_RTERR, T_IN, T_ATTACH_L, T_CTL_L, T_CONSOLE_L, T_CONSOLE_C, T_CLIENT, T_CTL };

static struct pollfd *pfds;
static struct { enum tag tag; size_t idx; } *ptags;
static size_t npfds, cappfds;

static void pf_add(int fd, short events, enum tag tag, size_t idx) {
  if (fd < 0) return;
  if (npfds == cappfds) {
    size_t cap = cappfds ? cappfds * 2 : 16;
    void *a = realloc(pfds, cap * sizeof *pfds), *b;
    if (a == NULL) return;
    pfds = a;
    b = realloc(ptags, cap * sizeof *ptags);
    if (b == NULL) return;
    ptags = b;
    cappfds = cap;
  }
  pfds[npfds] = (struct pollfd){fd, events, 0};
  ptags[npfds].tag = tag;
  ptags[npfds].idx = idx;
  npfds++;
}

static void handle(enum tag tag, size_t idx, short ev) {
  switch (tag) {
  case T_SIG:
    reap();
    break;
  case T_ATTACH_L:
    accept_attach();
    break;
  case T_CTL_L:
    accept_ctl();
    break;
  case T_CONSOLE_L:
    console_accept();
    break;
  case T_CONSOLE_C:
    console_receive();
    break;
  case T_OUT:
    if (read_output(m.out_fd, 1, false) < 0) {
      close_fd(&m.out_fd);
      if (m.tty) close_fd(&m.in_fd);
    }
    break;
  case T_ERR:
    if (read_output(m.err_fd, 2, m.phase == RUNTIME_RUNNING) < 0) close_fd(&m.err_fd);
    break;
  case T_RTERR:
    if (read_output(m.rterr_fd, 2, true) < 0) close_fd(&m.rterr_fd);
    break;
  case T_IN:
    if (ev & (POLLERR | POLLHUP)) stdin_close();
    else stdin_flush();
    break;
  case T_CLIENT: {
    struct attach_client *c = &m.clients[idx];
    if (c->fd < 0) break;
    if (ev & POLLIN) client_read(c);
    if (c->fd >= 0 && (ev & POLLOUT)) client_flush(c);
    if (c->fd >= 0 && (ev & (POLLERR | POLLNVAL))) drop_client(c);
    else if (c->fd >= 0 && (ev & POLLHUP) && (c->eof || !(ev & POLLIN))) drop_client(c);
    break;
  }
  case T_CTL:
    if (m.ctls[idx].fd < 0) break;
    if (ev & POLLIN) ctl_read(&m.ctls[idx]);
    else if (ev & (POLLERR | POLLHUP | POLLNVAL)) close_fd(&m.ctls[idx].fd);
    break;
  }
}

static void run_loop(void) {
  for (;;) {
    if (m.phase == RUNTIME_RUNNING && m.runtime_done) runtime_exited();
    if (m.phase == DRAINING && ((m.out_fd < 0 && m.err_fd < 0) || now_ms() >= m.drain_deadline)) return;

    int64_t now = now_ms(), wake = -1;
    for (size_t i = 0; i < m.nclients; i++) {
      struct attach_client *c = &m.clients[i];
      if (c->fd < 0 || c->full_since == 0) continue;
      if (now - c->full_since >= m.stall_ms) drop_client(c);
      else if (wake < 0 || c->full_since + m.stall_ms < wake) wake = c->full_since + m.stall_ms;
    }
    compact_clients();
    npfds = 0;
    bool stdin_full = m.in_buf.len >= STDIN_BUF_MAX, paused = output_paused();
    pf_add(m.sig_fd, POLLIN, T_SIG, 0);
    pf_add(m.attach_lfd, POLLIN, T_ATTACH_L, 0);
    pf_add(m.ctl_lfd, POLLIN, T_CTL_L, 0);
    if (m.phase == RUNTIME_RUNNING) {
      pf_add(m.console_lfd, POLLIN, T_CONSOLE_L, 0);
      pf_add(m.console_cfd, POLLIN, T_CONSOLE_C, 0);
      pf_add(m.rterr_fd, POLLIN, T_RTERR, 0);
    }
    if (!paused) {
      pf_add(m.out_fd, POLLIN, T_OUT, 0);
      pf_add(m.err_fd, POLLIN, T_ERR, 0);
    }
    if (m.in_buf.len > 0) pf_add(m.in_fd, POLLOUT, T_IN, 0);
    for (size_t i = 0; i < m.nclients; i++) {
      struct attach_client *c = &m.clients[i];
      short ev = (short)((c->eof || stdin_full ? 0 : POLLIN) | (c->out.len > 0 ? POLLOUT : 0));
      if (ev == 0 && !c->eof) continue; /* backpressure: look again once stdin drains */
      pf_add(c->fd, ev, T_CLIENT, i);
    }
    for (size_t i = 0; i < m.nctls; i++) pf_add(m.ctls[i].fd, POLLIN, T_CTL, i);

    if (m.phase == DRAINING && (wake < 0 || m.drain_deadline < wake)) wake = m.drain_deadline;
    int timeout = wake < 0 ? -1 : wake <= now ? 0 : (int)(wake - now);
    int n = poll(pfds, npfds, timeout);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    /* listeners first, so a client connected in this round sees this round's output */
    for (size_t i = 0; i < npfds; i++)
      if (pfds[i].revents && (ptags[i].tag == T_ATTACH_L || ptags[i].tag == T_CTL_L))
        handle(ptags[i].tag, ptags[i].idx, pfds[i].revents);
    for (size_t i = 0; i < npfds; i++)
      if (pfds[i].revents && ptags[i].tag != T_ATTACH_L && ptags[i].tag != T_CTL_L)
        handle(ptags[i].tag, ptags[i].idx, pfds[i].revents);
  }
}

/* Gives slow attach clients a bounded time to take their buffered output. */
static void flush_clients(void) {
  int64_t deadline = now_ms() + FLUSH_MS;
  for (;;) {
    compact_clients();
    npfds = 0;
    for (size_t i = 0; i < m.nclients; i++)
      if (m.clients[i].out.len > 0) pf_add(m.clients[i].fd, POLLOUT, T_CLIENT, i);
    int64_t left = deadline - now_ms();
    if (npfds == 0 || left <= 0) return;
    if (poll(pfds, npfds, (int)left) < 0 && errno != EINTR) return;
    for (size_t i = 0; i < npfds; i++) {
      struct attach_client *c = &m.clients[ptags[i].idx];
      if (pfds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) drop_client(c);
      else if (pfds[i].revents & POLLOUT) client_flush(c);
    }
  }
}

static void finish(void) {
  int code = exit_code(m.container_status);
  char line[32];
  snprintf(line, sizeof line, "%d\n", code);
  write_file_atomic("exit", line);
  snprintf(line, sizeof line, "exit %d\n", code);
  compact_clients();
  for (size_t i = 0; i < m.nctls; i++) ctl_reply(&m.ctls[i], line);
  cleanup_sockets();
  flush_clients();
  for (size_t i = 0; i < m.nclients; i++) {
    shutdown(m.clients[i].fd, SHUT_RDWR);
    drop_client(&m.clients[i]);
  }
  for (size_t i = 0; i < m.nctls; i++) close_fd(&m.ctls[i].fd);
  close_fd(&m.log_fd);
  stdin_close();
}

int main(int argc, char **argv) {
  m.sig_fd = m.attach_lfd = m.ctl_lfd = m.console_lfd = m.console_cfd = m.log_fd = m.reserve_fd = -1;
  m.out_fd = m.err_fd = m.rterr_fd = m.in_fd = -1;
  m.stall_ms = CLIENT_STALL_MS;
  sanitize_fds();
  parse_args(argc, argv);
  setup();
  handshake();
  /* connections made before "go" must see the very first output */
  accept_attach();
  accept_ctl();
  start_runtime();
  m.phase = RUNTIME_RUNNING;
  run_loop();
  finish();
  return 0;
}
