import browser from "webextension-polyfill";
import { createNotificationWithButtons, onNotificationButtonClicked, type BasicNotification } from "../chrome-only.ts";
import type { TokenEntry } from "../messaging/popup-model.ts";
import { listSeen, markNotificationsSent, replaceSeenForToken, sentNotifications } from "../storage/seen.ts";
import { loadSettings, onSettingsChanged } from "../storage/settings.ts";
import { daysLeftText } from "../ui/format.ts";
import { t } from "../ui/i18n.ts";
import { badgeCertificate, dueNotifications, watched } from "./expiry-rules.ts";

const ALARM = "expiry-watch";
const NOTIFICATION_PREFIX = "expiry:";
/** The FNS personal account page where an entrepreneur starts a reissue. */
export const REISSUE_URL = "https://lkip2.nalog.ru/";

/** Records what each listed token holds now; tokens that failed to list keep their old records. */
export async function noteTokens(tokens: TokenEntry[]): Promise<void> {
  for (const entry of tokens) {
    if (entry.error) continue;
    const readable = entry.certificates.flatMap((c) => (c.details ? [{ thumbprint: c.thumbprint, owner: c.details.owner, notAfter: c.details.notAfter }] : []));
    await replaceSeenForToken(entry.token.serial, readable);
  }
  void runExpiryCheck();
}

let running: Promise<void> = Promise.resolve();

/** Serialised: an alarm and a popup opening at once must not notify twice. */
export function runExpiryCheck(now = Date.now()): Promise<void> {
  running = running.then(() => check(now)).catch((error: unknown) => console.error("expiry check failed", error));
  return running;
}

async function check(now: number): Promise<void> {
  const [settings, seen, sent] = await Promise.all([loadSettings(), listSeen(), sentNotifications()]);
  const items = watched(seen, now);
  const badge = badgeCertificate(items, settings.warnDays);
  await browser.action.setBadgeText({ text: badge ? String(badge.daysLeft) : "" });
  if (badge) {
    await browser.action.setBadgeBackgroundColor({ color: badge.daysLeft <= 7 ? "#b42318" : "#9a6700" });
    await browser.action.setTitle({ title: t("badgeTitle", badge.owner, daysLeftText(badge.daysLeft)) });
  } else {
    await browser.action.setTitle({ title: t("extName") });
  }
  for (const due of dueNotifications(items, sent, settings.notifyDays)) {
    await notify(
      `${NOTIFICATION_PREFIX}${due.item.thumbprint}:${due.threshold}`,
      {
        type: "basic",
        iconUrl: browser.runtime.getURL("icons/icon-128.png"),
        title: t("notifyExpiryTitle"),
        message: t("notifyExpiryMessage", due.item.owner, daysLeftText(due.item.daysLeft)),
      },
      [t("notifyOpenPopup"), t("notifyReissue")],
      due.item.daysLeft <= 7,
    );
    await markNotificationsSent(due.crossed.map((threshold) => ({ thumbprint: due.item.thumbprint, threshold, sentAt: now })));
  }
}

/**
 * Buttons and staying on screen where the browser takes them. Firefox's schema rejects both
 * ("unsupported by Firefox", "Unexpected property"); there the plain notification is shown,
 * and a click on it opens the popup.
 */
async function notify(id: string, plain: BasicNotification, buttons: string[], requireInteraction: boolean): Promise<void> {
  try {
    await createNotificationWithButtons(id, plain, buttons, requireInteraction);
  } catch {
    await browser.notifications.create(id, plain);
  }
}

/** The popup where the browser can open it on its own (Chrome 127+), else the same page in a tab. */
async function openPopup(): Promise<void> {
  try {
    await browser.action.openPopup();
  } catch {
    await browser.tabs.create({ url: browser.runtime.getURL("src/popup/index.html") });
  }
}

/** Wires the daily alarm, notification clicks and settings changes; call once at worker start. */
export function registerExpiryWatch(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void runExpiryCheck();
  });
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(NOTIFICATION_PREFIX)) return;
    void browser.notifications.clear(id);
    void openPopup();
  });
  onNotificationButtonClicked((id, button) => {
    if (!id.startsWith(NOTIFICATION_PREFIX)) return;
    void browser.notifications.clear(id);
    void (button === 0 ? openPopup() : browser.tabs.create({ url: REISSUE_URL }));
  });
  browser.runtime.onStartup.addListener(() => void runExpiryCheck());
  onSettingsChanged(() => void runExpiryCheck());
  void browser.alarms.get(ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 1 });
  });
}
