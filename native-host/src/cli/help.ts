import type { Lang } from "../../../shared/protocol/index.ts";
import { pick } from "./lang.ts";

export function helpText(lang: Lang): string {
  return pick(
    lang,
    `kep — работа с токенами КЭП из терминала (тот же код, что у расширения)

Использование: npm run kep -- <команда> [параметры]

Команды:
  tokens                          токены во всех найденных библиотеках PKCS#11
  certs   [--token SERIAL]        сертификаты и ключи на токенах
  keygen  [--token SERIAL] [--alg gost2012-256|gost2012-512|ec-p256]
          [--paramset OID|имя] [--label МЕТКА]
                                  создать ключевую пару на токене
                                  (по умолчанию ГОСТ 2012-256, CryptoPro-XchA)
  csr     [--token SERIAL] --key CKA_ID --cn ИМЯ [--sn ФАМИЛИЯ] [--g ИМЯ_ОТЧЕСТВО]
          [--title Д] [--o ОРГ] [--ou П] [--c RU] [--st РЕГИОН] [--l ГОРОД]
          [--street УЛИЦА] [--email E] [--inn ИНН] [--innle ИНН_ЮЛ] [--ogrn ОГРН]
          [--ogrnip ОГРНИП] [--snils СНИЛС] [--key-usage digitalSignature,...]
          [--eku OID,...] [--policy OID,...] [--sign-tool ТЕКСТ]
          [--identification-kind 0-3] [--out ФАЙЛ]
                                  запрос на сертификат (PKCS#10, профиль ФНС),
                                  подписанный ключом на токене; номера проверяются
  import  [--token SERIAL] --cert ФАЙЛ [--chain ФАЙЛ ...] [--label МЕТКА]
                                  записать выданный сертификат рядом с его ключом
  sign    [--token SERIAL] --cert ОТПЕЧАТОК --in ФАЙЛ [--out ФАЙЛ] [--attached]
                                  подписать файл (CAdES-BES; по умолчанию открепленная)
  verify  --in ПОДПИСЬ [--content ФАЙЛ]
                                  проверить подпись CAdES/CMS (без токена; цепочка
                                  сертификатов не проверяется)
  revocation [--token SERIAL] --cert ОТПЕЧАТОК [--ca ФАЙЛ ...]
                                  статус отзыва по CRL удостоверяющего центра (адреса из
                                  сертификата, только http://); CRL проверяется
                                  сертификатом УЦ с токена или из --ca; код 0 — не отозван,
                                  1 — отозван или статус неизвестен
  delete  [--token SERIAL] [--cert ОТПЕЧАТОК ...] [--key CKA_ID ...] [--force]
          [--backup ПАПКА]        удалить сертификаты и ключи; сертификаты сначала
                                  сохраняются в ПАПКУ (по умолчанию текущую;
                                  создаётся, если её нет)
  doctor  [--full]                отчёт для поддержки: система, браузеры, библиотеки,
                                  токены, механизмы ГОСТ, память, КриптоПро и выводы
                                  с тем, что делать; без --full — без личных данных
                                  (серийные номера заменены хешами, владельцев нет)
  fetch   URL --ca ФАЙЛ [--ca ФАЙЛ ...] [--cert ОТПЕЧАТОК] [--token SERIAL]
          [--connect ХОСТ:ПОРТ] [--suite ИМЯ]
                                  один запрос GET по TLS ГОСТ (TLS 1.0–1.2, шифронаборы
                                  ГОСТ 28147-89, «Кузнечик», «Магма»): тело ответа в stdout,
                                  с --json — статус, заголовки, версия, шифронабор и
                                  сертификат сервера. --ca — доверенные корневые
                                  сертификаты (PEM или DER); --cert — сертификат на токене
                                  для входа, ключ используется только на токене;
                                  --connect — подключиться к ХОСТ:ПОРТ, проверяя имя из URL;
                                  --suite — только этот шифронабор (имя OpenSSL)
  help                            эта справка

Токен указывается серийным номером (если вставлен один токен — можно не указывать),
сертификат — отпечатком SHA-1, ключ — CKA_ID (см. certs --json).

Общие параметры:
  --json              вывод в JSON для скриптов

Переменные окружения:
  KEP_PIN             PIN-код для скриптов (иначе запрашивается без отображения)
  KEP_PKCS11_MODULES  пути к библиотекам PKCS#11 через «:» вместо автопоиска
  KEP_LANG=en         вывод на английском`,
    `kep — КЭП token tools for the terminal (the same code as the extension's host)

Usage: npm run kep -- <command> [options]

Commands:
  tokens                          tokens in every PKCS#11 library found
  certs   [--token SERIAL]        certificates and keys on the tokens
  keygen  [--token SERIAL] [--alg gost2012-256|gost2012-512|ec-p256]
          [--paramset OID|name] [--label LABEL]
                                  generate a key pair on the token
                                  (default GOST 2012-256, CryptoPro-XchA)
  csr     [--token SERIAL] --key CKA_ID --cn NAME [--sn SURNAME] [--g GIVEN_NAMES]
          [--title T] [--o ORG] [--ou UNIT] [--c RU] [--st REGION] [--l CITY]
          [--street STREET] [--email E] [--inn INN] [--innle INNLE] [--ogrn OGRN]
          [--ogrnip OGRNIP] [--snils SNILS] [--key-usage digitalSignature,...]
          [--eku OID,...] [--policy OID,...] [--sign-tool TEXT]
          [--identification-kind 0-3] [--out FILE]
                                  certificate request (PKCS#10, FNS profile) signed
                                  by the key on the token; identifiers are checked
  import  [--token SERIAL] --cert FILE [--chain FILE ...] [--label LABEL]
                                  write an issued certificate next to its key
  sign    [--token SERIAL] --cert THUMBPRINT --in FILE [--out FILE] [--attached]
                                  sign a file (CAdES-BES; detached by default)
  verify  --in SIGNATURE [--content FILE]
                                  check a CAdES/CMS signature (no token needed; the
                                  certificate chain is not checked)
  revocation [--token SERIAL] --cert THUMBPRINT [--ca FILE ...]
                                  revocation status from the CA's CRL (the certificate's
                                  http:// distribution points), verified with a CA
                                  certificate on the token or given with --ca; exit 0 not
                                  revoked, 1 revoked or unknown
  delete  [--token SERIAL] [--cert THUMBPRINT ...] [--key CKA_ID ...] [--force]
          [--backup DIR]          delete certificates and key pairs; certificates
                                  are saved to DIR first (default: here; made if
                                  missing)
  doctor  [--full]                support report: system, browsers, libraries, tokens,
                                  GOST mechanisms, memory, CryptoPro and findings with
                                  what to do; without --full no personal data (serials
                                  hashed, no certificate owners)
  fetch   URL --ca FILE [--ca FILE ...] [--cert THUMBPRINT] [--token SERIAL]
          [--connect HOST:PORT] [--suite NAME]
                                  one GET over GOST TLS (TLS 1.0 to 1.2, GOST 28147-89,
                                  Kuznyechik and Magma suites): the body to stdout, with
                                  --json also status, headers, version, suite and the
                                  server certificate. --ca: trusted root certificates
                                  (PEM or DER); --cert: the sign-in certificate on the
                                  token, whose key is used on the token only; --connect:
                                  connect to HOST:PORT, checking the URL's name;
                                  --suite: this suite only (OpenSSL name)
  help                            this help

A token is named by serial (optional when one token is inserted), a certificate by
its SHA-1 thumbprint, a key pair by CKA_ID (see certs --json).

Common options:
  --json              JSON output for scripts

Environment:
  KEP_PIN             the PIN, for scripts (otherwise asked for without echo)
  KEP_PKCS11_MODULES  ':'-separated PKCS#11 library paths, replacing discovery
  KEP_LANG=ru         Russian output`,
  );
}
