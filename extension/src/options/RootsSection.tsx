import { useEffect, useState } from "preact/hooks";
import { addTrustedRoot, listTrustedRoots, removeTrustedRoot, RootRejected } from "../storage/roots.ts";
import type { TrustedRoot } from "../storage/schema.ts";
import { cryptoProThumbprint } from "../popup/model/format.ts";
import { formatDate } from "../ui/format.ts";
import { t } from "../ui/i18n.ts";

type Notice = { ok: true; text: string } | { ok: false; text: string };

/**
 * CA certificates for the page API's "Root" store. The tax service's pages check that the
 * Минцифры and FNS CA certificates are installed; the user downloads them from those sites
 * and adds the files here, as they would install them into the system store for CryptoPro.
 */
export function RootsSection() {
  const [roots, setRoots] = useState<TrustedRoot[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);

  const refresh = async () => setRoots(await listTrustedRoots());
  useEffect(() => void refresh(), []);

  const add = async (files: FileList | null) => {
    setNotice(null);
    for (const file of Array.from(files ?? [])) {
      try {
        const root = await addTrustedRoot(new Uint8Array(await file.arrayBuffer()));
        setNotice({ ok: true, text: t("optionsRootsAdded", root.name) });
      } catch (error) {
        const reason = error instanceof RootRejected ? error.reason : "unreadable";
        setNotice({ ok: false, text: `${file.name}: ${t(reason === "notCa" ? "optionsRootsNotCa" : "optionsRootsUnreadable")}` });
      }
    }
    await refresh();
  };

  return (
    <section aria-labelledby="roots-title">
      <h2 id="roots-title">{t("optionsRoots")}</h2>
      <p class="muted">{t("optionsRootsNote")}</p>
      {roots.length === 0 ? (
        <p>{t("optionsRootsEmpty")}</p>
      ) : (
        <ul class="module-list" data-list="roots">
          {roots.map((root) => (
            <li key={root.thumbprint} data-thumbprint={root.thumbprint}>
              <span>{root.name}</span>
              <span class="muted">{t("optionsRootsValidTo", formatDate(new Date(root.notAfter)))}</span>
              <span class="path">{cryptoProThumbprint(root.thumbprint)}</span>
              <button type="button" onClick={() => void removeTrustedRoot(root.thumbprint).then(refresh)}>
                {t("optionsRemove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="file-button">
        {t("optionsRootsAdd")}
        <input
          type="file"
          accept=".cer,.crt,.pem,.der,application/pkix-cert"
          multiple
          data-input="roots"
          onChange={(event) => {
            const input = event.currentTarget;
            void add(input.files).then(() => (input.value = ""));
          }}
        />
      </label>
      {notice && (
        <p class={notice.ok ? "notice" : "notice notice-error"} role={notice.ok ? "status" : "alert"}>
          {notice.text}
        </p>
      )}
    </section>
  );
}
