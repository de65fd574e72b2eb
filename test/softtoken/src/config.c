/* The state directory: `softtoken.conf`, one `token-N.db` per slot, and the control files that
 * tests use to simulate hardware events (`slot-N.removed`, `fail-after`). See README.md. */
#include "st.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void st_path(char *out, size_t cap, const char *dir, const char *fmt, unsigned long arg) {
  char name[64];
  snprintf(name, sizeof name, fmt, arg);
  snprintf(out, cap, "%s/%s", dir, name);
}

static unsigned long parse_ulong(const char *s, unsigned long dflt) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  return errno || end == s ? dflt : v;
}

CK_RV st_config_load(st_config *c) {
  const char *dir = getenv("KEP_SOFTTOKEN_DIR");
  if (!dir || !*dir) {
    fprintf(stderr, "kep-softtoken: KEP_SOFTTOKEN_DIR is not set; it must name the state directory\n");
    return CKR_GENERAL_ERROR;
  }
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || strlen(dir) >= sizeof c->dir - 64) {
    fprintf(stderr, "kep-softtoken: KEP_SOFTTOKEN_DIR=%s is not a usable directory\n", dir);
    return CKR_GENERAL_ERROR;
  }
  strcpy(c->dir, dir);
  c->slots = ST_DEFAULT_SLOTS;
  c->capacity = ST_DEFAULT_CAPACITY;
  c->pin_tries = ST_DEFAULT_PIN_TRIES;

  char path[4200], line[256];
  st_path(path, sizeof path, dir, "softtoken.conf", 0);
  FILE *f = fopen(path, "r");
  if (!f) return CKR_OK;
  while (fgets(line, sizeof line, f)) {
    char *eq = strchr(line, '=');
    if (!eq || line[0] == '#') continue;
    *eq = 0;
    if (strcmp(line, "slots") == 0) c->slots = parse_ulong(eq + 1, c->slots);
    if (strcmp(line, "capacity") == 0) c->capacity = parse_ulong(eq + 1, c->capacity);
    if (strcmp(line, "pin_tries") == 0) c->pin_tries = (unsigned)parse_ulong(eq + 1, c->pin_tries);
  }
  fclose(f);
  if (c->slots == 0 || c->slots > 64) c->slots = ST_DEFAULT_SLOTS;
  if (c->pin_tries == 0) c->pin_tries = ST_DEFAULT_PIN_TRIES;
  return CKR_OK;
}

int st_slot_removed(const st_config *c, CK_SLOT_ID slot) {
  char path[4200];
  st_path(path, sizeof path, c->dir, "slot-%lu.removed", slot);
  return access(path, F_OK) == 0;
}

unsigned long st_slot_insertions(const st_config *c, CK_SLOT_ID slot) {
  char path[4200], buf[32] = {0};
  st_path(path, sizeof path, c->dir, "slot-%lu.inserted", slot);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t got = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[got] = 0;
  return parse_ulong(buf, 0);
}

int st_fault_due(const st_config *c) {
  char path[4200], buf[32] = {0};
  st_path(path, sizeof path, c->dir, "fail-after", 0);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t got = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[got] = 0;
  unsigned long n = parse_ulong(buf, 1);
  if (n <= 1) {
    unlink(path);
    return 1;
  }
  char next[32];
  int len = snprintf(next, sizeof next, "%lu\n", n - 1);
  st_write_atomic(path, next, (size_t)len);
  return 0;
}

/* Hardware either has the new state or the old one, never half; temp + fsync + rename gives the
 * same guarantee to readers in other processes. */
CK_RV st_write_atomic(const char *path, const void *data, size_t len) {
  char tmp[4300];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return CKR_DEVICE_ERROR;
  const unsigned char *p = data;
  size_t left = len;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    p += w;
    left -= (size_t)w;
  }
  int ok = left == 0 && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp, path) != 0) {
    unlink(tmp);
    return CKR_DEVICE_ERROR;
  }
  char dircopy[4300];
  snprintf(dircopy, sizeof dircopy, "%s", path);
  int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return CKR_OK;
}
