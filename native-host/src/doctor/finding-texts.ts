import type { DoctorFindingId, Lang } from "../../../shared/protocol/index.ts";

interface FindingText {
  what: string;
  todo: string;
}

/** What each finding means and what to do, Russian first; README's troubleshooting section says the same at length. */
export const FINDING_TEXTS: Record<DoctorFindingId, Record<Lang, FindingText>> = {
  HOST_NOT_REGISTERED: {
    ru: {
      what: "Программа kep-bridge не зарегистрирована для браузера.",
      todo: "Переустановите kep-bridge (пакет или npm run install-host) и перезапустите браузер.",
    },
    en: {
      what: "The kep-bridge host is not registered for the browser.",
      todo: "Reinstall kep-bridge (the package or npm run install-host) and restart the browser.",
    },
  },
  MANIFEST_BROKEN: {
    ru: { what: "Файл регистрации программы есть, но с ним браузер её не запустит.", todo: "Переустановите kep-bridge: установщик перепишет файл." },
    en: {
      what: "The host's registration file exists, but the browser cannot start the host with it.",
      todo: "Reinstall kep-bridge: the installer rewrites the file.",
    },
  },
  NO_MODULES: {
    ru: {
      what: "Не найдено ни одной библиотеки PKCS#11 (драйвера токена).",
      todo: "Установите драйвер токена от производителя (Рутокен, JaCarta…) или укажите путь к библиотеке в настройках расширения.",
    },
    en: {
      what: "No PKCS#11 library (token driver) was found.",
      todo: "Install the token vendor's driver (Rutoken, JaCarta…) or add the library path in the extension's options.",
    },
  },
  MODULE_MISSING: {
    ru: { what: "Библиотеки по указанному пути нет.", todo: "Проверьте путь в настройках или переустановите драйвер токена." },
    en: { what: "There is no library at this path.", todo: "Check the path in the options or reinstall the token driver." },
  },
  MODULE_WRONG_ARCH: {
    ru: {
      what: "Библиотека собрана для другой разрядности или процессора.",
      todo: "Установите драйвер токена для этой системы (обычно 64-разрядный) и укажите его библиотеку.",
    },
    en: {
      what: "The library is built for another bitness or processor.",
      todo: "Install the token driver for this system (usually 64-bit) and use its library.",
    },
  },
  MODULE_NOT_PKCS11: {
    ru: {
      what: "Этот файл — не библиотека PKCS#11.",
      todo: "Укажите библиотеку PKCS#11 драйвера (например, librtpkcs11ecp.so, rtPKCS11ECP.dll), а не другой файл.",
    },
    en: { what: "This file is not a PKCS#11 library.", todo: "Give the driver's PKCS#11 library (e.g. librtpkcs11ecp.so, rtPKCS11ECP.dll), not another file." },
  },
  MODULE_LOAD_FAILED: {
    ru: {
      what: "Система не смогла загрузить библиотеку (см. сообщение загрузчика).",
      todo: "Обычно не хватает зависимостей драйвера (pcscd, libpcsclite): переустановите драйвер токена целиком.",
    },
    en: {
      what: "The system could not load the library (see the loader's message).",
      todo: "Usually the driver's dependencies (pcscd, libpcsclite) are missing: reinstall the whole token driver.",
    },
  },
  MODULE_INIT_FAILED: {
    ru: {
      what: "Библиотека загрузилась, но не запустилась (C_Initialize).",
      todo: "Проверьте, что служба pcscd запущена, и переустановите драйвер; код ошибки укажите в обращении.",
    },
    en: {
      what: "The library loaded but did not start (C_Initialize).",
      todo: "Check that the pcscd service runs and reinstall the driver; quote the error code when asking for help.",
    },
  },
  MODULE_UNTRUSTED: {
    ru: {
      what: "kep-bridge отказался загружать библиотеку: её файл или папку может подменить другой пользователь.",
      todo: "Установите драйвер из пакета производителя в системную папку и укажите этот путь.",
    },
    en: {
      what: "kep-bridge refused to load the library: another user could replace its file or folder.",
      todo: "Install the driver from its vendor's package into a system folder and use that path.",
    },
  },
  NO_TOKEN: {
    ru: {
      what: "Библиотеки загружены, но токен не виден ни в одном считывателе.",
      todo: "Вставьте токен в другой USB-порт, проверьте, что горит его индикатор и запущена служба pcscd.",
    },
    en: {
      what: "The libraries loaded, but no reader shows a token.",
      todo: "Insert the token into another USB port; check that its light is on and that the pcscd service runs.",
    },
  },
  TOKEN_UNREADABLE: {
    ru: {
      what: "Токен или считыватель ответил ошибкой.",
      todo: "Выньте и вставьте токен, закройте другие программы, которые с ним работают (КриптоПро, браузер с плагином), и повторите.",
    },
    en: {
      what: "The token or reader answered with an error.",
      todo: "Remove and reinsert the token, close other programs using it (CryptoPro, a browser with a plug-in) and retry.",
    },
  },
  TOKEN_NOT_INITIALIZED: {
    ru: {
      what: "Токен не инициализирован (пустой, без PIN-кода).",
      todo: "Инициализируйте его утилитой производителя (Панель управления Рутокен и т. п.) — это сотрёт всё на токене.",
    },
    en: {
      what: "The token is not initialised (blank, no PIN).",
      todo: "Initialise it with the vendor's tool (Rutoken Control Panel etc.) — this erases everything on the token.",
    },
  },
  PIN_NOT_SET: {
    ru: { what: "Пользовательский PIN-код на токене не задан.", todo: "Задайте PIN-код утилитой производителя токена." },
    en: { what: "The token has no user PIN set.", todo: "Set the PIN with the token vendor's tool." },
  },
  PIN_LOCKED: {
    ru: {
      what: "PIN-код заблокирован после неверных попыток.",
      todo: "Разблокируйте его PIN-кодом администратора утилитой производителя или обратитесь в удостоверяющий центр.",
    },
    en: {
      what: "The PIN is locked after wrong attempts.",
      todo: "Unlock it with the administrator PIN in the vendor's tool, or ask your certification authority.",
    },
  },
  PIN_FINAL_TRY: {
    ru: { what: "Осталась последняя попытка ввода PIN-кода.", todo: "Не вводите PIN-код наугад: после ещё одной ошибки он заблокируется." },
    en: { what: "One PIN attempt is left.", todo: "Do not guess the PIN: one more mistake locks it." },
  },
  NO_GOST: {
    ru: {
      what: "Токен не умеет создавать или подписывать ключи ГОСТ Р 34.10-2012 (256 бит) через PKCS#11.",
      todo: "Для КЭП ФНС нужен токен с ГОСТ (Рутокен ЭЦП, JaCarta ГОСТ, ESMART ГОСТ) и его библиотека PKCS#11.",
    },
    en: {
      what: "The token cannot generate or sign with GOST R 34.10-2012 (256-bit) keys through PKCS#11.",
      todo: "An FNS qualified signature needs a GOST token (Rutoken ECP, JaCarta GOST, ESMART GOST) with its PKCS#11 library.",
    },
  },
  TOKEN_ALMOST_FULL: {
    ru: {
      what: "На токене почти не осталось памяти для нового ключа и сертификата.",
      todo: "Удалите устаревшие сертификаты и ключи: «Очистить токен» в окне расширения.",
    },
    en: {
      what: "The token has almost no memory left for a new key and certificate.",
      todo: "Delete outdated certificates and keys: «Clean up token» in the extension's window.",
    },
  },
  HIDDEN_STORAGE: {
    ru: {
      what: "Занятая память токена намного больше, чем объекты, видимые через PKCS#11.",
      todo: "На токене есть данные, которых PKCS#11 не видит, — обычно контейнеры КриптоПро. Ключ в таком контейнере kep-bridge использовать не может; перед очисткой сохраните его средствами КриптоПро.",
    },
    en: {
      what: "The token's used memory is much larger than the objects PKCS#11 shows.",
      todo: "The token holds data PKCS#11 cannot see, usually CryptoPro containers. kep-bridge cannot use a key in such a container; keep it with CryptoPro's tools before cleaning up.",
    },
  },
  CRYPTOPRO_OBJECTS: {
    ru: { what: "На токене есть объекты, записанные КриптоПро CSP.", todo: "Это не ошибка. Не удаляйте их, если пользуетесь КриптоПро." },
    en: { what: "The token holds objects written by CryptoPro CSP.", todo: "Not an error. Do not delete them if you use CryptoPro." },
  },
};
