/** Saves DER bytes (base64) as a file through the browser's download of a blob link. */
export function saveDer(derBase64: string, fileName: string): void {
  const bytes = Uint8Array.from(atob(derBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/pkix-cert" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
