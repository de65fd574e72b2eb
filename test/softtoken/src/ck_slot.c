/* Library, slot, token and mechanism information; C_InitToken. */
#include "st.h"

#include <stdio.h>
#include <string.h>

static void pad(unsigned char *dst, size_t size, const char *src) {
  size_t n = strlen(src);
  memset(dst, ' ', size);
  memcpy(dst, src, n < size ? n : size);
}

static CK_RV get_info(CK_INFO_PTR info) {
  if (!info) return CKR_ARGUMENTS_BAD;
  memset(info, 0, sizeof *info);
  info->cryptokiVersion.major = 2;
  info->cryptokiVersion.minor = 40;
  pad(info->manufacturerID, sizeof info->manufacturerID, ST_MANUFACTURER);
  pad(info->libraryDescription, sizeof info->libraryDescription, "kep-bridge GOST SoftToken TEST");
  info->libraryVersion.major = 0;
  info->libraryVersion.minor = 1;
  return CKR_OK;
}

CK_RV C_GetInfo(CK_INFO_PTR info) { ST_API(get_info(info)); }

static CK_RV get_slot_list(CK_BBOOL present_only, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  if (!count) return CKR_ARGUMENTS_BAD;
  CK_SLOT_ID ids[64];
  CK_ULONG n = 0;
  for (CK_SLOT_ID id = 0; id < g_st.cfg.slots; id++) {
    st_slot *slot;
    CK_RV rv = st_slot_get(id, &slot);
    if (rv != CKR_OK) return rv;
    if (!present_only || slot->present) ids[n++] = id;
  }
  if (!list) {
    *count = n;
    return CKR_OK;
  }
  if (*count < n) {
    *count = n;
    return CKR_BUFFER_TOO_SMALL;
  }
  memcpy(list, ids, n * sizeof *ids);
  *count = n;
  return CKR_OK;
}

CK_RV C_GetSlotList(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  ST_API(get_slot_list(present, list, count));
}

static CK_RV get_slot_info(CK_SLOT_ID id, CK_SLOT_INFO_PTR info) {
  st_slot *slot;
  if (!info) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_slot_get(id, &slot);
  if (rv != CKR_OK) return rv;
  char desc[64];
  snprintf(desc, sizeof desc, "kep-bridge TEST soft slot %lu", id);
  memset(info, 0, sizeof *info);
  pad(info->slotDescription, sizeof info->slotDescription, desc);
  pad(info->manufacturerID, sizeof info->manufacturerID, ST_MANUFACTURER);
  info->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT | (slot->present ? CKF_TOKEN_PRESENT : 0);
  info->hardwareVersion.major = 1;
  info->firmwareVersion.major = 1;
  return CKR_OK;
}

CK_RV C_GetSlotInfo(CK_SLOT_ID id, CK_SLOT_INFO_PTR info) { ST_API(get_slot_info(id, info)); }

static CK_FLAGS pin_flags(unsigned left, unsigned max, CK_FLAGS low, CK_FLAGS final,
                          CK_FLAGS locked) {
  if (left == 0) return locked;
  if (left == 1) return low | final;
  return left < max ? low : 0;
}

static CK_RV get_token_info(CK_SLOT_ID id, CK_TOKEN_INFO_PTR info) {
  st_slot *slot;
  if (!info) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_slot_token(id, &slot);
  if (rv != CKR_OK) return rv;
  const st_token *t = &slot->tok;
  memset(info, 0, sizeof *info);
  memset(info->label, ' ', sizeof info->label);
  if (t->initialized) memcpy(info->label, t->label, sizeof info->label);
  pad(info->manufacturerID, sizeof info->manufacturerID, ST_MANUFACTURER);
  pad(info->model, sizeof info->model, ST_MODEL);
  if (t->initialized) {
    memcpy(info->serialNumber, t->serial, sizeof info->serialNumber);
  } else {
    char serial[17];
    snprintf(serial, sizeof serial, "TEST-UNINIT-%04lu", id);
    pad(info->serialNumber, sizeof info->serialNumber, serial);
  }
  info->flags = CKF_RNG | CKF_LOGIN_REQUIRED;
  if (t->initialized) info->flags |= CKF_TOKEN_INITIALIZED;
  if (t->user_pin_set) info->flags |= CKF_USER_PIN_INITIALIZED;
  if (t->initialized) {
    info->flags |= pin_flags(t->user_tries, g_st.cfg.pin_tries, CKF_USER_PIN_COUNT_LOW,
                             CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED);
    info->flags |= pin_flags(t->so_tries, g_st.cfg.pin_tries, CKF_SO_PIN_COUNT_LOW,
                             CKF_SO_PIN_FINAL_TRY, CKF_SO_PIN_LOCKED);
  }
  CK_ULONG sessions = 0, rw = 0;
  for (size_t i = 0; i < g_st.nsessions; i++) {
    if (g_st.sessions[i]->slot != id) continue;
    sessions++;
    rw += st_session_is_rw(g_st.sessions[i]) ? 1 : 0;
  }
  info->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
  info->ulSessionCount = sessions;
  info->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
  info->ulRwSessionCount = rw;
  info->ulMaxPinLen = ST_MAX_PIN;
  info->ulMinPinLen = ST_MIN_PIN;
  /* One storage pool serves public and private objects, as on a smart card's EEPROM. */
  CK_ULONG used = st_token_used(t);
  CK_ULONG free_bytes = used < g_st.cfg.capacity ? g_st.cfg.capacity - used : 0;
  info->ulTotalPublicMemory = info->ulTotalPrivateMemory = g_st.cfg.capacity;
  info->ulFreePublicMemory = info->ulFreePrivateMemory = free_bytes;
  info->hardwareVersion.major = 1;
  info->firmwareVersion.major = 1;
  memset(info->utcTime, ' ', sizeof info->utcTime);
  return CKR_OK;
}

CK_RV C_GetTokenInfo(CK_SLOT_ID id, CK_TOKEN_INFO_PTR info) { ST_API(get_token_info(id, info)); }

static CK_RV get_mechanism_list(CK_SLOT_ID id, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count) {
  st_slot *slot;
  if (!count) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_slot_token(id, &slot);
  if (rv != CKR_OK) return rv;
  if (!list) {
    *count = st_nmechs;
    return CKR_OK;
  }
  if (*count < st_nmechs) {
    *count = st_nmechs;
    return CKR_BUFFER_TOO_SMALL;
  }
  for (size_t i = 0; i < st_nmechs; i++) list[i] = st_mechs[i].type;
  *count = st_nmechs;
  return CKR_OK;
}

CK_RV C_GetMechanismList(CK_SLOT_ID id, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count) {
  ST_API(get_mechanism_list(id, list, count));
}

static CK_RV get_mechanism_info(CK_SLOT_ID id, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info) {
  st_slot *slot;
  if (!info) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_slot_token(id, &slot);
  if (rv != CKR_OK) return rv;
  const st_mech *m = st_mech_find(type);
  if (!m) return CKR_MECHANISM_INVALID;
  info->ulMinKeySize = info->ulMaxKeySize = m->kind == ST_MECH_DIGEST ? 0 : m->bits;
  if (m->kind == ST_MECH_DERIVE) {
    info->ulMinKeySize = 256;
    info->ulMaxKeySize = 512;
  }
  info->flags = m->flags;
  return CKR_OK;
}

CK_RV C_GetMechanismInfo(CK_SLOT_ID id, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info) {
  ST_API(get_mechanism_info(id, type, info));
}

static CK_RV init_token(CK_SLOT_ID id, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len,
                        CK_UTF8CHAR_PTR label) {
  st_slot *slot;
  if (!pin || !label) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_slot_token(id, &slot);
  if (rv != CKR_OK) return rv;
  for (size_t i = 0; i < g_st.nsessions; i++)
    if (g_st.sessions[i]->slot == id) return CKR_SESSION_EXISTS;
  if (pin_len < ST_MIN_PIN || pin_len > ST_MAX_PIN) return CKR_PIN_LEN_RANGE;
  st_token *t = &slot->tok;
  if (t->initialized) {
    if (t->so_tries == 0) return CKR_PIN_LOCKED;
    if (t->so_pin_len != pin_len || memcmp(t->so_pin, pin, pin_len) != 0) {
      t->so_tries--;
      rv = st_slot_commit(id);
      return rv == CKR_OK ? CKR_PIN_INCORRECT : rv;
    }
  }
  unsigned char rnd[6];
  if ((rv = st_random(rnd, sizeof rnd)) != CKR_OK) return rv;
  st_token_clear(t);
  t->initialized = 1;
  memcpy(t->label, label, sizeof t->label);
  char serial[17];
  snprintf(serial, sizeof serial, "TEST%02X%02X%02X%02X%02X%02X", rnd[0], rnd[1], rnd[2], rnd[3],
           rnd[4], rnd[5]);
  memcpy(t->serial, serial, sizeof t->serial);
  memcpy(t->so_pin, pin, pin_len);
  t->so_pin_len = pin_len;
  t->user_tries = t->so_tries = g_st.cfg.pin_tries;
  t->next_handle = 1;
  return st_slot_commit(id);
}

CK_RV C_InitToken(CK_SLOT_ID id, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len, CK_UTF8CHAR_PTR label) {
  ST_API(init_token(id, pin, pin_len, label));
}
