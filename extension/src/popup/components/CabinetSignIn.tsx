import { useState } from "preact/hooks";
import { GOST_CABINETS } from "../../../../shared/gost-cabinets.ts";
import type { ErrorInfo, TokenRef } from "../../../../shared/protocol/index.ts";
import { serializeError } from "../../../../shared/protocol/kep-error.ts";
import type { TokenEntry } from "../../messaging/popup-model.ts";
import { formatDate } from "../../ui/format.ts";
import { t, uiLang } from "../../ui/i18n.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

export type CabinetSignInFn = (host: string, token: TokenRef, certificate: string) => Promise<unknown>;

interface Candidate {
  token: TokenRef;
  thumbprint: string;
  owner: string;
  notAfter: number;
}

/**
 * «Войти в личный кабинет по сертификату»: the certificates that can sign in are those on
 * inserted tokens whose key is there and which are still valid; the confirmation window, not
 * this popup, shows the details again and takes the PIN.
 */
export function CabinetSignIn({
  tokens,
  now,
  signIn,
  initialHost = GOST_CABINETS[0]!.host,
}: {
  tokens: TokenEntry[];
  now: Date;
  signIn: CabinetSignInFn;
  /** The cabinet chosen at first: the one whose address the user opened, on the explanation page. */
  initialHost?: string;
}) {
  const [open, setOpen] = useState(false);
  const [host, setHost] = useState(initialHost);
  const [chosen, setChosen] = useState(0);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const candidates: Candidate[] = tokens
    .filter((entry) => !entry.error)
    .flatMap((entry) =>
      entry.certificates
        .filter((c) => c.key && c.details && c.details.notBefore <= now.getTime() && c.details.notAfter > now.getTime())
        .map((c) => ({
          token: { module: entry.token.module, serial: entry.token.serial },
          thumbprint: c.thumbprint,
          owner: c.details!.owner,
          notAfter: c.details!.notAfter,
        })),
    );
  if (candidates.length === 0) return null;
  const go = async () => {
    const candidate = candidates[chosen];
    if (!candidate) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(host, candidate.token, candidate.thumbprint);
      setOpen(false);
    } catch (e) {
      if (serializeError(e).code !== "USER_CANCELLED") setError(serializeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="cabinet-sign-in">
      {!open ? (
        <button type="button" class="primary" onClick={() => setOpen(true)} data-testid="cabinet-sign-in">
          {t("cabinetSignIn")}
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void go();
          }}
        >
          <label>
            {t("cabinetChoose")}{" "}
            <select value={host} onChange={(e) => setHost(e.currentTarget.value)} data-testid="cabinet-host">
              {GOST_CABINETS.map((c) => (
                <option key={c.host} value={c.host}>
                  {c.name[uiLang()]} ({c.host})
                </option>
              ))}
            </select>
          </label>
          {candidates.map((c, index) => (
            <label key={c.thumbprint} class="cabinet-certificate">
              <input
                type="radio"
                name="cabinet-certificate"
                checked={index === chosen}
                onChange={() => setChosen(index)}
                data-testid={`cabinet-certificate-${c.thumbprint}`}
              />
              {c.owner} · {t("cabinetValidTo", formatDate(new Date(c.notAfter)))}
            </label>
          ))}
          <button type="submit" class="primary" disabled={busy} data-testid="cabinet-sign-in-go">
            {t("cabinetContinue")}
          </button>
        </form>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
