/**
 * The one table of error codes the host and the extension use. Each code carries the
 * message a user reads and a hint on what to do, in Russian first and English second.
 * `message` is complete on its own; `detail` and hints may hold `{name}` placeholders filled
 * from the error's details, and a sentence whose placeholder has no value is dropped, so
 * "tries left" appears only when the token reports it.
 */
export const ERROR_CODES = [
  "BAD_REQUEST",
  "INVALID_FIELD",
  "VERSION_MISMATCH",
  "HOST_NOT_FOUND",
  "HOST_DISCONNECTED",
  "MODULE_LOAD_FAILED",
  "MODULE_UNTRUSTED",
  "TOKEN_NOT_PRESENT",
  "TOKEN_REMOVED",
  "PIN_INCORRECT",
  "PIN_LOCKED",
  "NOT_LOGGED_IN",
  "KEY_NOT_FOUND",
  "KEY_CANNOT_DERIVE",
  "CERT_NOT_FOUND",
  "KEY_IN_USE",
  "TOKEN_FULL",
  "USER_CANCELLED",
  "ORIGIN_NOT_ALLOWED",
  "TIMEOUT",
  "BUSY",
  "TLS_CONNECT_FAILED",
  "TLS_NO_COMMON_SUITE",
  "TLS_SERVER_UNTRUSTED",
  "TLS_HOSTNAME_MISMATCH",
  "TLS_CLIENT_CERT_REJECTED",
  "TLS_ALERT",
  "TLS_BAD_RECORD_MAC",
  "TLS_UNEXPECTED_MESSAGE",
  "TLS_CONNECTION_CLOSED",
  "TLS_HANDSHAKE_FAILED",
  "TLS_SESSION_NOT_RESUMED",
  "GATEWAY_CLOSED",
  "GATEWAY_REFUSED",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type Lang = "ru" | "en";

interface Text {
  message: string;
  detail?: string;
  hint: string;
}

export const ERROR_TABLE: Record<ErrorCode, Record<Lang, Text>> = {
  BAD_REQUEST: {
    ru: {
      message: "Запрос к программе для токенов составлен неверно.",
      hint: "Обновите расширение и программу kep-bridge; если ошибка повторяется, сообщите разработчикам.",
    },
    en: {
      message: "The request to the token host was malformed.",
      hint: "Update the extension and the kep-bridge host; report it if it persists.",
    },
  },
  INVALID_FIELD: {
    ru: {
      message: "Данные заполнены с ошибкой.",
      detail: "{problemRu}",
      hint: "Исправьте данные и повторите. На токене ничего не менялось.",
    },
    en: {
      message: "Some data is wrong.",
      detail: "{problemEn}",
      hint: "Correct the data and try again. Nothing on the token was changed.",
    },
  },
  VERSION_MISMATCH: {
    ru: {
      message: "Версии расширения и программы для токенов несовместимы.",
      detail: "Расширение: {extension}, программа: {host}.",
      hint: "Обновите {update}. Старшие номера версий должны совпадать.",
    },
    en: {
      message: "The extension and the token host are incompatible.",
      detail: "Extension: {extension}, host: {host}.",
      hint: "Update the {update}. The major version numbers must match.",
    },
  },
  HOST_NOT_FOUND: {
    ru: {
      message: "Программа kep-bridge для работы с токенами не установлена.",
      hint:
        "Установите пакет kep-bridge для своей системы (или, из папки с исходниками, npm run install-host) и полностью перезапустите браузер. " +
        "Пакет признаёт только расширение из магазина.",
    },
    en: {
      message: "The kep-bridge token host is not installed.",
      hint:
        "Install the kep-bridge package for your system (or, from the source folder, npm run install-host), then restart the browser fully. " +
        "The package trusts only the store's extension.",
    },
  },
  HOST_DISCONNECTED: {
    ru: {
      message: "Программа для работы с токенами неожиданно завершилась.",
      hint: "Повторите действие. Если не помогает, посмотрите журнал программы: {log}.",
    },
    en: {
      message: "The token host stopped unexpectedly.",
      hint: "Try again. If it keeps failing, check the host log: {log}.",
    },
  },
  MODULE_LOAD_FAILED: {
    ru: {
      message: "Не удалось загрузить библиотеку PKCS#11.",
      detail: "Файл: {path}.",
      hint: "Проверьте, что драйвер токена установлен, и путь к библиотеке в настройках верен.",
    },
    en: {
      message: "Could not load the PKCS#11 library.",
      detail: "File: {path}.",
      hint: "Check that the token driver is installed and the library path in the options is right.",
    },
  },
  MODULE_UNTRUSTED: {
    ru: {
      message: "Библиотека PKCS#11 не загружена: её файл или одна из папок над ним принадлежит не вам и не root или открыта на запись другим.",
      detail: "Файл: {path}.",
      hint: "Установите драйвер токена из пакета его производителя (в /usr/lib и т. п.) и укажите путь к нему; библиотеки из /tmp и чужих папок kep-bridge не загружает.",
    },
    en: {
      message: "The PKCS#11 library was not loaded: its file or a folder above it is owned by someone other than you or root, or is writable by others.",
      detail: "File: {path}.",
      hint: "Install the token driver from its vendor's package (under /usr/lib or similar) and give that path; kep-bridge never loads libraries from /tmp or other users' folders.",
    },
  },
  TOKEN_NOT_PRESENT: {
    ru: {
      message: "Токен не подключён.",
      detail: "Серийный номер: {serial}.",
      hint: "Вставьте токен в USB-порт и повторите.",
    },
    en: {
      message: "No token is inserted.",
      detail: "Serial number: {serial}.",
      hint: "Insert the token into a USB port and try again.",
    },
  },
  TOKEN_REMOVED: {
    ru: {
      message: "Токен извлечён во время операции.",
      hint: "Вставьте токен снова и повторите операцию; проверьте, что на токене, перед повтором.",
    },
    en: {
      message: "The token was removed during the operation.",
      hint: "Reinsert the token and repeat; check the token's contents before retrying.",
    },
  },
  PIN_INCORRECT: {
    ru: {
      message: "Неверный PIN-код.",
      detail: "Осталось попыток: {triesLeft}.",
      hint: "Проверьте раскладку клавиатуры и Caps Lock. После исчерпания попыток PIN-код блокируется.",
    },
    en: {
      message: "Wrong PIN.",
      detail: "Tries left: {triesLeft}.",
      hint: "Check the keyboard layout and Caps Lock. The PIN locks when no tries are left.",
    },
  },
  PIN_LOCKED: {
    ru: {
      message: "PIN-код токена заблокирован.",
      hint: "Разблокируйте его PIN-кодом администратора (утилитой производителя токена) или обратитесь в удостоверяющий центр.",
    },
    en: {
      message: "The token's PIN is locked.",
      hint: "Unblock it with the administrator (SO) PIN using the token vendor's tool, or contact the CA.",
    },
  },
  NOT_LOGGED_IN: {
    ru: {
      message: "Для этой операции нужен PIN-код токена.",
      hint: "Введите PIN-код в окне расширения и повторите.",
    },
    en: {
      message: "This operation needs the token's PIN.",
      hint: "Enter the PIN in the extension's window and try again.",
    },
  },
  KEY_NOT_FOUND: {
    ru: {
      message: "На токене нет закрытого ключа для этого сертификата.",
      hint: "Вставьте токен, на котором создавался запрос на сертификат.",
    },
    en: {
      message: "The token holds no private key for this certificate.",
      hint: "Insert the token on which the certificate request was made.",
    },
  },
  KEY_CANNOT_DERIVE: {
    ru: {
      message: "Ключ этого сертификата нельзя использовать для входа на сайт по ГОСТ TLS.",
      detail: "{problemRu}",
      hint: "Выберите другой сертификат. Ключи, созданные в kep-bridge, разрешают выработку общего ключа (CKA_DERIVE), которая нужна для такого входа.",
    },
    en: {
      message: "This certificate's key cannot be used to sign in to a site over GOST TLS.",
      detail: "{problemEn}",
      hint: "Choose another certificate. Keys made by kep-bridge allow key agreement (CKA_DERIVE), which such a sign-in needs.",
    },
  },
  CERT_NOT_FOUND: {
    ru: {
      message: "Сертификат не найден на токене.",
      hint: "Обновите список сертификатов: возможно, вставлен другой токен.",
    },
    en: {
      message: "The certificate was not found on the token.",
      hint: "Refresh the list: a different token may be inserted.",
    },
  },
  TOKEN_FULL: {
    ru: {
      message: "На токене недостаточно памяти.",
      detail: "Нужно {needed} байт, свободно {free}.",
      hint: "Удалите с токена просроченные сертификаты и неиспользуемые ключи (кнопка «Очистить токен»).",
    },
    en: {
      message: "Not enough memory on the token.",
      detail: "{needed} bytes needed, {free} free.",
      hint: "Delete expired certificates and unused keys from the token (the “Clean up token” button).",
    },
  },
  USER_CANCELLED: {
    ru: {
      message: "Операция отменена пользователем.",
      hint: "Повторите, если отмена была случайной.",
    },
    en: {
      message: "The operation was cancelled by the user.",
      hint: "Try again if you cancelled by mistake.",
    },
  },
  KEY_IN_USE: {
    ru: {
      message: "Этот ключ используется действующим сертификатом.",
      hint: "Удалите сначала сертификат или подтвердите удаление ключа явно: после этого подписывать этим сертификатом будет нельзя.",
    },
    en: {
      message: "A valid certificate still uses this key.",
      hint: "Delete the certificate first, or confirm deleting the key explicitly: the certificate will no longer sign.",
    },
  },
  ORIGIN_NOT_ALLOWED: {
    ru: {
      message: "Этому сайту не разрешено работать с токеном.",
      detail: "Сайт: {origin}.",
      hint: "Разрешённые сайты задаются в настройках расширения.",
    },
    en: {
      message: "This site is not allowed to use the token.",
      detail: "Site: {origin}.",
      hint: "Allowed sites are set in the extension's options.",
    },
  },
  TIMEOUT: {
    ru: {
      message: "Программа для работы с токенами не ответила вовремя.",
      hint: "Проверьте, что токен вставлен и не занят другой программой, и повторите.",
    },
    en: {
      message: "The token host did not answer in time.",
      hint: "Check that the token is inserted and not held by another program, then retry.",
    },
  },
  BUSY: {
    ru: {
      message: "Слишком много запросов к токену одновременно.",
      hint: "Дождитесь окончания предыдущей операции (закройте открытое окно подтверждения) и повторите.",
    },
    en: {
      message: "Too many token requests at once.",
      hint: "Wait for the previous operation to finish (close the open confirmation window) and try again.",
    },
  },
  TLS_CONNECT_FAILED: {
    ru: {
      message: "Не удалось подключиться к серверу.",
      detail: "Сервер: {server}.",
      hint: "Проверьте адрес сайта и подключение к интернету.",
    },
    en: {
      message: "Could not connect to the server.",
      detail: "Server: {server}.",
      hint: "Check the site address and the Internet connection.",
    },
  },
  TLS_NO_COMMON_SUITE: {
    ru: {
      message: "Сервер не поддерживает защищённое соединение по ГОСТ в версиях TLS 1.0–1.2.",
      detail: "Сервер: {server}.",
      hint: "Проверьте адрес сайта: kep-bridge соединяется только по шифронаборам ГОСТ и не переходит на другие.",
    },
    en: {
      message: "The server offers no GOST cipher suite in TLS 1.0 to 1.2.",
      detail: "Server: {server}.",
      hint: "Check the site address: kep-bridge connects with GOST cipher suites only and never falls back to others.",
    },
  },
  TLS_SERVER_UNTRUSTED: {
    ru: {
      message: "Сертификат сервера выдан не доверенным удостоверяющим центром или недействителен.",
      detail: "Сертификат: {subject}. Издатель: {issuer}. {problemRu}",
      hint: "Добавьте корневой сертификат УЦ в настройках расширения (или --ca в командной строке), если доверяете ему. Соединение не установлено.",
    },
    en: {
      message: "The server certificate is not issued by a trusted CA or is not valid.",
      detail: "Certificate: {subject}. Issuer: {issuer}. {problemEn}",
      hint: "Add the CA's root certificate in the extension's options (or --ca on the command line) if you trust it. No connection was made.",
    },
  },
  TLS_HOSTNAME_MISMATCH: {
    ru: {
      message: "Сертификат сервера выдан для другого имени.",
      detail: "Сервер: {server}. Сертификат: {subject}.",
      hint: "Проверьте адрес сайта. Соединение не установлено.",
    },
    en: {
      message: "The server certificate was issued for another name.",
      detail: "Server: {server}. Certificate: {subject}.",
      hint: "Check the site address. No connection was made.",
    },
  },
  TLS_CLIENT_CERT_REJECTED: {
    ru: {
      message: "Сервер не принял сертификат пользователя.",
      detail: "Ответ сервера: {alert}.",
      hint: "Выберите другой сертификат; проверьте, что он действителен и выдан для входа на этот сайт.",
    },
    en: {
      message: "The server did not accept the user's certificate.",
      detail: "Server's answer: {alert}.",
      hint: "Choose another certificate; check that it is valid and meant for signing in to this site.",
    },
  },
  TLS_ALERT: {
    ru: {
      message: "Сервер прервал защищённое соединение.",
      detail: "Ответ сервера: {alert}.",
      hint: "Повторите позже; если ошибка повторяется, сообщите владельцу сайта этот ответ.",
    },
    en: {
      message: "The server ended the secure connection.",
      detail: "Server's answer: {alert}.",
      hint: "Try again later; if it repeats, tell the site's owner this answer.",
    },
  },
  TLS_BAD_RECORD_MAC: {
    ru: {
      message: "Данные от сервера повреждены или подменены в пути (неверная имитовставка).",
      hint: "Соединение закрыто, полученные данные отброшены. Повторите; если ошибка повторяется, проверьте сеть и прокси.",
    },
    en: {
      message: "Data from the server was damaged or altered on the way (bad record MAC).",
      hint: "The connection was closed and the data received was discarded. Try again; if it repeats, check the network and proxies.",
    },
  },
  TLS_UNEXPECTED_MESSAGE: {
    ru: {
      message: "Сервер нарушил протокол TLS.",
      detail: "{problemRu}",
      hint: "Соединение закрыто. Если ошибка повторяется, сообщите владельцу сайта.",
    },
    en: {
      message: "The server broke the TLS protocol.",
      detail: "{problemEn}",
      hint: "The connection was closed. If it repeats, tell the site's owner.",
    },
  },
  TLS_CONNECTION_CLOSED: {
    ru: {
      message: "Сервер закрыл соединение, не передав ответ до конца.",
      hint: "Полученная часть отброшена. Повторите.",
    },
    en: {
      message: "The server closed the connection before the whole answer arrived.",
      hint: "The part received was discarded. Try again.",
    },
  },
  TLS_HANDSHAKE_FAILED: {
    ru: {
      message: "Не удалось установить защищённое соединение с сервером.",
      detail: "{problemRu}",
      hint: "Соединение закрыто. Повторите; если ошибка повторяется, сообщите разработчикам.",
    },
    en: {
      message: "The secure connection to the server could not be set up.",
      detail: "{problemEn}",
      hint: "The connection was closed. Try again; if it repeats, report it.",
    },
  },
  TLS_SESSION_NOT_RESUMED: {
    ru: {
      message: "Личный кабинет просит подтвердить вход по сертификату заново.",
      detail:
        "Сервер больше не принимает защищённый сеанс, начатый при входе. kep-bridge не хранит PIN после входа, поэтому не входит заново без вас; сеанс завершён.",
      hint: "Войдите снова: окно kep-bridge → «Войти в личный кабинет по сертификату», затем введите PIN в окне подтверждения.",
    },
    en: {
      message: "The cabinet asks you to confirm the certificate sign-in again.",
      detail:
        "The server no longer accepts the secure session started at sign-in. kep-bridge does not keep the PIN after sign-in, so it does not sign in again without you; the session has ended.",
      hint: 'Sign in again: kep-bridge\'s window, "Sign in to the cabinet with a certificate", then type the PIN in the confirmation window.',
    },
  },
  GATEWAY_CLOSED: {
    ru: {
      message: "Сеанс работы в личном кабинете через kep-bridge завершён.",
      detail: "Причина: {problemRu}",
      hint: "Войдите снова: окно kep-bridge → «Войти в личный кабинет по сертификату».",
    },
    en: {
      message: "The cabinet session through kep-bridge has ended.",
      detail: "Reason: {problemEn}",
      hint: 'Sign in again: kep-bridge\'s window, "Sign in to the cabinet with a certificate".',
    },
  },
  GATEWAY_REFUSED: {
    ru: {
      message: "kep-bridge не пропустил этот запрос к личному кабинету.",
      detail: "{problemRu}",
      hint: "Открывайте кабинет только кнопкой «Войти в личный кабинет по сертификату» в окне kep-bridge.",
    },
    en: {
      message: "kep-bridge did not let this request through to the cabinet.",
      detail: "{problemEn}",
      hint: 'Open the cabinet only with "Sign in to the cabinet with a certificate" in kep-bridge\'s window.',
    },
  },
  INTERNAL: {
    ru: {
      message: "Внутренняя ошибка программы для работы с токенами.",
      hint: "Повторите действие. Если ошибка повторяется, приложите к обращению журнал программы: {log}.",
    },
    en: {
      message: "Internal error in the token host.",
      hint: "Try again. If it repeats, attach the host log to your report: {log}.",
    },
  },
};

/** Values that may fill a message's placeholders; none of them is ever a secret. */
export interface ErrorDetails {
  triesLeft?: number | undefined;
  path?: string | undefined;
  serial?: string | undefined;
  needed?: number | undefined;
  free?: number | undefined;
  host?: string | undefined;
  extension?: string | undefined;
  update?: "host" | "extension" | undefined;
  origin?: string | undefined;
  log?: string | undefined;
  /** The PKCS#11 return value name, for support. */
  ckr?: string | undefined;
  /** A request field that failed validation, and what is wrong with it in each language. */
  field?: string | undefined;
  problemRu?: string | undefined;
  problemEn?: string | undefined;
  /** TLS: the server's name, a certificate's subject and issuer, and the name of an alert. */
  server?: string | undefined;
  subject?: string | undefined;
  issuer?: string | undefined;
  alert?: string | undefined;
}

export interface ErrorInfo {
  code: ErrorCode;
  /** Technical English description for logs and support; never contains a PIN or document content. */
  message: string;
  details?: ErrorDetails | undefined;
}

const UPDATE_NAMES: Record<Lang, Record<"host" | "extension", string>> = {
  ru: { host: "программу kep-bridge (npm run install-host после обновления)", extension: "расширение" },
  en: { host: "kep-bridge host (npm run install-host after updating)", extension: "extension" },
};

function fill(template: string, details: ErrorDetails, lang: Lang): string {
  return template
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => {
      let missing = false;
      const text = sentence.replace(/\{(\w+)\}/g, (_, name: keyof ErrorDetails) => {
        const value = details[name];
        if (value === undefined) missing = true;
        return name === "update" && (value === "host" || value === "extension") ? UPDATE_NAMES[lang][value] : String(value);
      });
      return missing ? "" : text;
    })
    .filter(Boolean)
    .join(" ");
}

export interface UserMessage {
  code: ErrorCode;
  message: string;
  hint: string;
}

export function describeError(error: ErrorInfo, lang: Lang): UserMessage {
  const text = ERROR_TABLE[error.code][lang];
  const details = error.details ?? {};
  const detail = text.detail ? fill(text.detail, details, lang) : "";
  return {
    code: error.code,
    message: detail ? `${text.message} ${detail}` : text.message,
    hint: fill(text.hint, details, lang),
  };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
