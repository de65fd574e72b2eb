/** Russian registry numbers with valid check digits (docs/fns-profile.md#check-digits), for realistic TEST subjects. */

function weighted(digits: string, weights: readonly number[]): number {
  return weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0);
}

/** ИНН ЮЛ: 9 digits in, 10 out. */
export function innLegal(first9: string): string {
  return first9 + String((weighted(first9, [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10);
}

/** ИНН ФЛ: 10 digits in, 12 out. */
export function innPerson(first10: string): string {
  const c11 = (weighted(first10, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10;
  const eleven = first10 + String(c11);
  return eleven + String((weighted(eleven, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10);
}

/** СНИЛС: 9 digits in, 11 out. */
export function snils(first9: string): string {
  const s = weighted(first9, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
  const check = s < 100 ? s : s === 100 || s === 101 ? 0 : (s % 101) % 100;
  return first9 + String(check).padStart(2, "0");
}

/** ОГРН: 12 digits in, 13 out. */
export function ogrn(first12: string): string {
  return first12 + String((BigInt(first12) % 11n) % 10n);
}

/** ОГРНИП: 14 digits in, 15 out. */
export function ogrnip(first14: string): string {
  return first14 + String((BigInt(first14) % 13n) % 10n);
}
