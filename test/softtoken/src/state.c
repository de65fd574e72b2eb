/* Global module state behind one mutex. Every entry point re-checks the slot's control files and
 * token file, because tests and the native host drive the same token from separate processes. */
#include "st.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

st_state g_st;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

CK_RV st_enter_op(CK_SESSION_HANDLE h, st_op_kind kind) {
  pthread_mutex_lock(&g_lock);
  if (!g_st.initialized) {
    pthread_mutex_unlock(&g_lock);
    return CKR_CRYPTOKI_NOT_INITIALIZED;
  }
  /* Processes share the state directory the way applications share a USB token: one call at a time. */
  flock(g_st.lock_fd, LOCK_EX);
  if (!st_fault_due(&g_st.cfg)) return CKR_OK;
  for (size_t i = 0; i < g_st.nsessions && kind != ST_OP_NONE; i++) {
    st_session *s = g_st.sessions[i];
    if (s->handle != h) continue;
    if (kind == ST_OP_FIND)
      st_find_reset(s);
    else
      st_op_reset(kind == ST_OP_SIGN ? &s->sign : kind == ST_OP_VERIFY ? &s->verify : &s->digest);
  }
  st_leave();
  return CKR_DEVICE_ERROR;
}

CK_RV st_enter(void) { return st_enter_op(0, ST_OP_NONE); }

void st_leave(void) {
  flock(g_st.lock_fd, LOCK_UN);
  pthread_mutex_unlock(&g_lock);
}

static void token_path(char *out, size_t cap, CK_SLOT_ID id) {
  st_path(out, cap, g_st.cfg.dir, "token-%lu.db", id);
}

static void remember_file(st_slot *s, CK_SLOT_ID id) {
  char path[4200];
  struct stat st;
  token_path(path, sizeof path, id);
  s->have_file = stat(path, &st) == 0;
  if (!s->have_file) return;
  s->dev = st.st_dev;
  s->ino = st.st_ino;
  s->mtime = st.st_mtim;
  s->ctime = st.st_ctim;
  s->size = st.st_size;
}

static CK_RV reload(st_slot *s, CK_SLOT_ID id) {
  char path[4200];
  int exists;
  token_path(path, sizeof path, id);
  CK_RV rv = st_token_load(path, &s->tok, &exists);
  remember_file(s, id);
  return rv;
}

static CK_RV refresh_token(st_slot *s, CK_SLOT_ID id) {
  char path[4200];
  struct stat st;
  token_path(path, sizeof path, id);
  int have = stat(path, &st) == 0;
  if (have == s->have_file &&
      (!have || (st.st_dev == s->dev && st.st_ino == s->ino && st.st_size == s->size &&
                 st.st_mtim.tv_sec == s->mtime.tv_sec && st.st_mtim.tv_nsec == s->mtime.tv_nsec &&
                 st.st_ctim.tv_sec == s->ctime.tv_sec && st.st_ctim.tv_nsec == s->ctime.tv_nsec)))
    return CKR_OK;
  return reload(s, id);
}

static void drop_session_objects(st_slot *s, CK_SESSION_HANDLE owner) {
  size_t keep = 0;
  for (size_t i = 0; i < s->nsobjs; i++) {
    if (!owner || s->sobjs[i]->owner == owner)
      st_obj_free(s->sobjs[i]);
    else
      s->sobjs[keep++] = s->sobjs[i];
  }
  s->nsobjs = keep;
}

/* Like pulling the USB token: sessions die, the login is gone, session objects vanish. */
static void on_removed(st_slot *s, CK_SLOT_ID id) {
  for (size_t i = 0; i < g_st.nsessions; i++)
    if (g_st.sessions[i]->slot == id) g_st.sessions[i]->gone = 1;
  drop_session_objects(s, 0);
  s->login = ST_NOBODY;
}

CK_RV st_slot_get(CK_SLOT_ID id, st_slot **out) {
  if (id >= g_st.cfg.slots) return CKR_SLOT_ID_INVALID;
  st_slot *s = &g_st.slots[id];
  int present = !st_slot_removed(&g_st.cfg, id);
  unsigned long insertions = st_slot_insertions(&g_st.cfg, id);
  if ((!present && s->present) || (s->seen && insertions != s->insertions)) on_removed(s, id);
  s->present = present;
  s->insertions = insertions;
  s->seen = 1;
  *out = s;
  return present ? refresh_token(s, id) : CKR_OK;
}

CK_RV st_slot_token(CK_SLOT_ID id, st_slot **out) {
  CK_RV rv = st_slot_get(id, out);
  if (rv == CKR_OK && !(*out)->present) rv = CKR_TOKEN_NOT_PRESENT;
  return rv;
}

static CK_RV save(CK_SLOT_ID id) {
  char path[4200];
  token_path(path, sizeof path, id);
  CK_RV rv = st_token_save(path, &g_st.slots[id].tok);
  if (rv == CKR_OK) remember_file(&g_st.slots[id], id);
  return rv;
}

CK_RV st_slot_commit(CK_SLOT_ID id) {
  CK_RV rv = save(id);
  if (rv != CKR_OK) reload(&g_st.slots[id], id);
  return rv;
}

void st_op_reset(st_op *op) {
  st_digest_free(op->md);
  free(op->buf);
  memset(op, 0, sizeof *op);
}

void st_find_reset(st_session *s) {
  free(s->found);
  s->found = NULL;
  s->nfound = s->pos = 0;
  s->finding = 0;
}

void st_session_close(st_session *s) {
  st_slot *slot = &g_st.slots[s->slot];
  int others = 0;
  size_t keep = 0;
  for (size_t i = 0; i < g_st.nsessions; i++) {
    if (g_st.sessions[i] == s) continue;
    others |= g_st.sessions[i]->slot == s->slot;
    g_st.sessions[keep++] = g_st.sessions[i];
  }
  g_st.nsessions = keep;
  drop_session_objects(slot, s->handle);
  if (!others) slot->login = ST_NOBODY;
  st_op_reset(&s->sign);
  st_op_reset(&s->verify);
  st_op_reset(&s->digest);
  free(s->found);
  free(s);
}

CK_RV st_session_get(CK_SESSION_HANDLE h, st_session **out, st_slot **slot) {
  st_session *s = NULL;
  for (size_t i = 0; i < g_st.nsessions && !s; i++)
    if (g_st.sessions[i]->handle == h) s = g_st.sessions[i];
  if (!s) return CKR_SESSION_HANDLE_INVALID;
  CK_RV rv = st_slot_get(s->slot, slot);
  if (rv != CKR_OK) return rv;
  if (s->gone) {
    st_session_close(s);
    return CKR_DEVICE_REMOVED;
  }
  *out = s;
  return CKR_OK;
}

int st_session_is_rw(const st_session *s) { return (s->flags & CKF_RW_SESSION) != 0; }

int st_object_visible(const st_slot *slot, const st_object *o) {
  return !st_obj_bool(o, CKA_PRIVATE) || slot->login == CKU_USER;
}

CK_RV st_object_get(st_session *s, st_slot *slot, CK_OBJECT_HANDLE h, st_object **out) {
  (void)s;
  for (size_t i = 0; i < slot->tok.nobjs + slot->nsobjs; i++) {
    st_object *o = i < slot->tok.nobjs ? slot->tok.objs[i] : slot->sobjs[i - slot->tok.nobjs];
    if (o->handle == h && st_object_visible(slot, o)) {
      *out = o;
      return CKR_OK;
    }
  }
  return CKR_OBJECT_HANDLE_INVALID;
}

CK_RV st_object_check_access(const st_session *s, const st_slot *slot, CK_BBOOL token,
                             CK_BBOOL priv) {
  if (token && !st_session_is_rw(s)) return CKR_SESSION_READ_ONLY;
  if (priv && slot->login != CKU_USER) return CKR_USER_NOT_LOGGED_IN;
  return CKR_OK;
}

static CK_RV append(st_object ***arr, size_t *n, st_object *o) {
  st_object **grown = realloc(*arr, (*n + 1) * sizeof *grown);
  if (!grown) return CKR_HOST_MEMORY;
  *arr = grown;
  grown[(*n)++] = o;
  return CKR_OK;
}

/* All-or-nothing: either every object lands (and the token file is written) or none does. */
CK_RV st_object_store(st_session *s, st_slot *slot, st_object **objs, size_t n) {
  size_t extra = 0;
  for (size_t i = 0; i < n; i++) {
    CK_RV rv = st_object_check_access(s, slot, (CK_BBOOL)st_obj_bool(objs[i], CKA_TOKEN),
                                      (CK_BBOOL)st_obj_bool(objs[i], CKA_PRIVATE));
    if (rv != CKR_OK) return rv;
    if (st_obj_bool(objs[i], CKA_TOKEN)) extra += st_obj_stored_size(objs[i]);
  }
  if (st_token_used(&slot->tok) + extra > g_st.cfg.capacity) return CKR_DEVICE_MEMORY;
  size_t tok_before = slot->tok.nobjs, ses_before = slot->nsobjs;
  int touched_token = 0;
  CK_RV rv = CKR_OK;
  for (size_t i = 0; i < n && rv == CKR_OK; i++) {
    if (st_obj_bool(objs[i], CKA_TOKEN)) {
      if (slot->tok.next_handle == 0) slot->tok.next_handle = 1;
      objs[i]->handle = slot->tok.next_handle++;
      touched_token = 1;
      rv = append(&slot->tok.objs, &slot->tok.nobjs, objs[i]);
    } else {
      objs[i]->handle = ST_SESSION_OBJECT_BASE + ++slot->next_sobj;
      objs[i]->owner = s->handle;
      rv = append(&slot->sobjs, &slot->nsobjs, objs[i]);
    }
  }
  if (rv == CKR_OK && touched_token) rv = save(s->slot);
  if (rv != CKR_OK) {
    /* The caller still owns objs[]; detach them so memory matches the unchanged file. */
    slot->tok.nobjs = tok_before;
    slot->nsobjs = ses_before;
  }
  return rv;
}

CK_RV st_object_destroy(st_slot *slot, CK_OBJECT_HANDLE h) {
  for (size_t i = 0; i < slot->nsobjs; i++) {
    if (slot->sobjs[i]->handle != h) continue;
    st_obj_free(slot->sobjs[i]);
    slot->sobjs[i] = slot->sobjs[--slot->nsobjs];
    return CKR_OK;
  }
  for (size_t i = 0; i < slot->tok.nobjs; i++) {
    if (slot->tok.objs[i]->handle != h) continue;
    st_obj_free(slot->tok.objs[i]);
    memmove(&slot->tok.objs[i], &slot->tok.objs[i + 1],
            (slot->tok.nobjs - i - 1) * sizeof *slot->tok.objs);
    slot->tok.nobjs--;
    return st_slot_commit((CK_SLOT_ID)(slot - g_st.slots));
  }
  return CKR_OBJECT_HANDLE_INVALID;
}

static CK_RV state_init(void) {
  memset(&g_st, 0, sizeof g_st);
  g_st.lock_fd = -1;
  CK_RV rv = st_config_load(&g_st.cfg);
  if (rv == CKR_OK) rv = st_gost_load();
  if (rv != CKR_OK) return rv;
  char path[4200];
  st_path(path, sizeof path, g_st.cfg.dir, ".lock", 0);
  g_st.lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (g_st.lock_fd < 0) return CKR_DEVICE_ERROR;
  g_st.slots = calloc(g_st.cfg.slots, sizeof *g_st.slots);
  if (!g_st.slots) return CKR_HOST_MEMORY;
  for (CK_ULONG i = 0; i < g_st.cfg.slots; i++) g_st.slots[i].login = ST_NOBODY;
  g_st.initialized = 1;
  return CKR_OK;
}

static void state_free(void) {
  while (g_st.nsessions) st_session_close(g_st.sessions[g_st.nsessions - 1]);
  free(g_st.sessions);
  for (CK_ULONG i = 0; g_st.slots && i < g_st.cfg.slots; i++) {
    drop_session_objects(&g_st.slots[i], 0);
    free(g_st.slots[i].sobjs);
    st_token_clear(&g_st.slots[i].tok);
  }
  free(g_st.slots);
  st_gost_unload();
  if (g_st.lock_fd >= 0) close(g_st.lock_fd);
  memset(&g_st, 0, sizeof g_st);
}

CK_RV st_initialize(const CK_C_INITIALIZE_ARGS *args) {
  if (args) {
    if (args->pReserved) return CKR_ARGUMENTS_BAD;
    int some = args->CreateMutex || args->DestroyMutex || args->LockMutex || args->UnlockMutex;
    int all = args->CreateMutex && args->DestroyMutex && args->LockMutex && args->UnlockMutex;
    if (some && !all) return CKR_ARGUMENTS_BAD;
    /* We lock with pthreads; an application that insists on its own callbacks can't have that. */
    if (all && !(args->flags & CKF_OS_LOCKING_OK)) return CKR_CANT_LOCK;
  }
  pthread_mutex_lock(&g_lock);
  CK_RV rv = CKR_CRYPTOKI_ALREADY_INITIALIZED;
  if (!g_st.initialized) {
    rv = state_init();
    if (rv != CKR_OK) state_free();
  }
  pthread_mutex_unlock(&g_lock);
  return rv;
}

CK_RV st_finalize(void) {
  pthread_mutex_lock(&g_lock);
  CK_RV rv = CKR_CRYPTOKI_NOT_INITIALIZED;
  if (g_st.initialized) {
    state_free();
    rv = CKR_OK;
  }
  pthread_mutex_unlock(&g_lock);
  return rv;
}
