/**
 * Check-digit rules of Russian registration numbers (docs/fns-profile.md#check-digits). Each function takes a
 * string of exactly the right number of ASCII digits; identifiers.ts checks the format.
 */

function digitAt(digits: string, index: number): number {
  return digits.charCodeAt(index) - 48;
}

/** Σ weight·digit over the leading digits, then mod 11 mod 10: the INN control number. */
function innControl(digits: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((weight, i) => (sum += weight * digitAt(digits, i)));
  return (sum % 11) % 10;
}

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

export function isValidInn10(digits: string): boolean {
  return innControl(digits, INN10_WEIGHTS) === digitAt(digits, 9);
}

export function isValidInn12(digits: string): boolean {
  return innControl(digits, INN12_WEIGHTS_11) === digitAt(digits, 10) && innControl(digits, INN12_WEIGHTS_12) === digitAt(digits, 11);
}

/** Numbers up to 001-001-998 were issued before the check number existed. */
const SNILS_LAST_UNCHECKED = 1_001_998;

export function isValidSnils(digits: string): boolean {
  if (Number(digits.slice(0, 9)) <= SNILS_LAST_UNCHECKED) return true;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digitAt(digits, i) * (9 - i);
  // Below 100 the sum itself; 100 and 101 give 00; above, the remainder mod 101 with 100 → 00.
  const remainder = sum % 101;
  return (remainder === 100 ? 0 : remainder) === Number(digits.slice(9));
}

/** Remainder of a decimal digit string, digit by digit, so no intermediate exceeds 2^53. */
function decimalMod(digits: string, modulus: number): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i++) rest = (rest * 10 + digitAt(digits, i)) % modulus;
  return rest;
}

/** OGRN (13 digits): the first 12 as a number, mod 11, mod 10. */
export function isValidOgrn(digits: string): boolean {
  return decimalMod(digits.slice(0, 12), 11) % 10 === digitAt(digits, 12);
}

/** OGRNIP (15 digits): the first 14 as a number, mod 13, mod 10. */
export function isValidOgrnip(digits: string): boolean {
  return decimalMod(digits.slice(0, 14), 13) % 10 === digitAt(digits, 14);
}
