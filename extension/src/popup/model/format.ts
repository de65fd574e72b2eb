/** SHA-1 as CryptoPro's certificate window shows it: lowercase hex pairs separated by spaces. */
export function cryptoProThumbprint(hex: string): string {
  return (hex.toLowerCase().match(/../g) ?? []).join(" ");
}

/** A file name for the .cer download: owner and end date, without characters file systems refuse. */
export function cerFileName(owner: string, notAfter: number | null): string {
  const date = notAfter === null ? "" : ` ${new Date(notAfter).toISOString().slice(0, 10)}`;
  return `${owner}${date}.cer`.replace(/[\\/:*?"<>|]+/g, "_");
}
