/* Sessions, login and PINs. The retry counters are persisted in the token file, so a locked PIN
 * stays locked across processes, exactly what the host has to cope with on real tokens. */
#include "st.h"

#include <stdlib.h>
#include <string.h>

static CK_RV open_session(CK_SLOT_ID id, CK_FLAGS flags, CK_SESSION_HANDLE_PTR out) {
  st_slot *slot;
  if (!out) return CKR_ARGUMENTS_BAD;
  if (!(flags & CKF_SERIAL_SESSION)) return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
  CK_RV rv = st_slot_token(id, &slot);
  if (rv != CKR_OK) return rv;
  if (!slot->tok.initialized) return CKR_TOKEN_NOT_RECOGNIZED;
  if (slot->login == CKU_SO && !(flags & CKF_RW_SESSION)) return CKR_SESSION_READ_WRITE_SO_EXISTS;
  st_session *s = calloc(1, sizeof *s);
  st_session **grown = realloc(g_st.sessions, (g_st.nsessions + 1) * sizeof *grown);
  if (!s || !grown) {
    free(s);
    if (grown) g_st.sessions = grown;
    return CKR_HOST_MEMORY;
  }
  g_st.sessions = grown;
  s->handle = ++g_st.next_session;
  s->slot = id;
  s->flags = flags & (CKF_SERIAL_SESSION | CKF_RW_SESSION);
  g_st.sessions[g_st.nsessions++] = s;
  *out = s->handle;
  return CKR_OK;
}

CK_RV C_OpenSession(CK_SLOT_ID id, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify,
                    CK_SESSION_HANDLE_PTR out) {
  (void)app;
  (void)notify;
  ST_API(open_session(id, flags, out));
}

static CK_RV close_session(CK_SESSION_HANDLE h) {
  st_session *s;
  st_slot *slot;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv == CKR_OK) st_session_close(s);
  return rv;
}

CK_RV C_CloseSession(CK_SESSION_HANDLE h) { ST_API(close_session(h)); }

static CK_RV close_all(CK_SLOT_ID id) {
  st_slot *slot;
  CK_RV rv = st_slot_get(id, &slot);
  if (rv != CKR_OK) return rv;
  for (size_t i = g_st.nsessions; i-- > 0;)
    if (g_st.sessions[i]->slot == id) st_session_close(g_st.sessions[i]);
  return CKR_OK;
}

CK_RV C_CloseAllSessions(CK_SLOT_ID id) { ST_API(close_all(id)); }

static CK_RV session_info(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info) {
  st_session *s;
  st_slot *slot;
  if (!info) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  int rw = st_session_is_rw(s);
  info->slotID = s->slot;
  info->flags = s->flags;
  info->ulDeviceError = 0;
  if (slot->login == CKU_SO)
    info->state = CKS_RW_SO_FUNCTIONS;
  else if (slot->login == CKU_USER)
    info->state = rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
  else
    info->state = rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
  return CKR_OK;
}

CK_RV C_GetSessionInfo(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info) {
  ST_API(session_info(h, info));
}

/* Checks a PIN against the stored one and maintains its retry counter. */
static CK_RV check_pin(st_session *s, CK_USER_TYPE who, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  st_token *t = &g_st.slots[s->slot].tok;
  unsigned *tries = who == CKU_SO ? &t->so_tries : &t->user_tries;
  const unsigned char *want = who == CKU_SO ? t->so_pin : t->user_pin;
  size_t want_len = who == CKU_SO ? t->so_pin_len : t->user_pin_len;
  if (*tries == 0) return CKR_PIN_LOCKED;
  if (len != want_len || (len && memcmp(pin, want, len) != 0)) {
    (*tries)--;
    CK_RV rv = st_slot_commit(s->slot);
    return rv == CKR_OK ? CKR_PIN_INCORRECT : rv;
  }
  if (*tries == g_st.cfg.pin_tries) return CKR_OK;
  *tries = g_st.cfg.pin_tries;
  return st_slot_commit(s->slot);
}

static CK_RV login(CK_SESSION_HANDLE h, CK_USER_TYPE who, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  st_session *s;
  st_slot *slot;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  if (!pin && len) return CKR_ARGUMENTS_BAD;
  if (who == CKU_CONTEXT_SPECIFIC) return CKR_OPERATION_NOT_INITIALIZED;
  if (who != CKU_USER && who != CKU_SO) return CKR_USER_TYPE_INVALID;
  if (slot->login == who) return CKR_USER_ALREADY_LOGGED_IN;
  if (slot->login != ST_NOBODY) return CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
  if (who == CKU_SO)
    for (size_t i = 0; i < g_st.nsessions; i++)
      if (g_st.sessions[i]->slot == s->slot && !st_session_is_rw(g_st.sessions[i]))
        return CKR_SESSION_READ_ONLY_EXISTS;
  if (who == CKU_USER && !slot->tok.user_pin_set) return CKR_USER_PIN_NOT_INITIALIZED;
  rv = check_pin(s, who, pin, len);
  if (rv == CKR_OK) slot->login = who;
  return rv;
}

CK_RV C_Login(CK_SESSION_HANDLE h, CK_USER_TYPE who, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  ST_API(login(h, who, pin, len));
}

static CK_RV logout(CK_SESSION_HANDLE h) {
  st_session *s;
  st_slot *slot;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  if (slot->login == ST_NOBODY) return CKR_USER_NOT_LOGGED_IN;
  slot->login = ST_NOBODY;
  return CKR_OK;
}

CK_RV C_Logout(CK_SESSION_HANDLE h) { ST_API(logout(h)); }

static CK_RV store_user_pin(st_token *t, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  if (!pin) return CKR_ARGUMENTS_BAD;
  if (len < ST_MIN_PIN || len > ST_MAX_PIN) return CKR_PIN_LEN_RANGE;
  memcpy(t->user_pin, pin, len);
  t->user_pin_len = len;
  t->user_pin_set = 1;
  t->user_tries = g_st.cfg.pin_tries;
  return CKR_OK;
}

static CK_RV init_pin(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  st_session *s;
  st_slot *slot;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  if (slot->login != CKU_SO) return CKR_USER_NOT_LOGGED_IN;
  if (!st_session_is_rw(s)) return CKR_SESSION_READ_ONLY;
  rv = store_user_pin(&slot->tok, pin, len);
  return rv == CKR_OK ? st_slot_commit(s->slot) : rv;
}

CK_RV C_InitPIN(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  ST_API(init_pin(h, pin, len));
}

static CK_RV set_pin(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR old, CK_ULONG old_len,
                     CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  st_session *s;
  st_slot *slot;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  if (!st_session_is_rw(s)) return CKR_SESSION_READ_ONLY;
  if ((!old && old_len) || !pin) return CKR_ARGUMENTS_BAD;
  CK_USER_TYPE who = slot->login == CKU_SO ? CKU_SO : CKU_USER;
  st_token *t = &slot->tok;
  if (who == CKU_USER && !t->user_pin_set) return CKR_USER_PIN_NOT_INITIALIZED;
  if (len < ST_MIN_PIN || len > ST_MAX_PIN) return CKR_PIN_LEN_RANGE;
  if ((rv = check_pin(s, who, old, old_len)) != CKR_OK) return rv;
  if (who == CKU_SO) {
    memcpy(t->so_pin, pin, len);
    t->so_pin_len = len;
  } else if ((rv = store_user_pin(t, pin, len)) != CKR_OK) {
    return rv;
  }
  return st_slot_commit(s->slot);
}

CK_RV C_SetPIN(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR old, CK_ULONG old_len, CK_UTF8CHAR_PTR pin,
               CK_ULONG len) {
  ST_API(set_pin(h, old, old_len, pin, len));
}
