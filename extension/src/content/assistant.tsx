import { render } from "preact";
import browser from "webextension-polyfill";
import { detectPage } from "../assistant/detect.ts";
import type { AssistantMessage, AssistantRequest, AssistantResults, AssistantStatus } from "../messaging/assistant.ts";
import { Tracker, type Placed } from "./assistant/Tracker.tsx";
import { TRACKER_CSS } from "./assistant/styles.ts";

/**
 * The reissue assistant on the tax service's pages: it reads the page's text, and when it
 * recognises a wizard page it shows the step tracker with the token checks for that step.
 * It never touches the page's own elements; the tracker lives in its own shadow root.
 */
const ask = <K extends AssistantRequest["kind"]>(request: Extract<AssistantRequest, { kind: K }>) =>
  browser.runtime.sendMessage({ channel: "assistant", ...request } satisfies AssistantMessage) as Promise<AssistantResults[K]>;

let mount: HTMLElement | undefined;
let hidden = false;
let last = "";

function show(detected: Placed, status: AssistantStatus | null): void {
  if (!mount) {
    const holder = document.createElement("kep-bridge-assistant");
    const shadow = holder.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = TRACKER_CSS;
    mount = document.createElement("div");
    shadow.append(style, mount);
    document.documentElement.append(holder);
  }
  render(
    <Tracker
      status={status}
      detected={detected}
      openCleanup={() => void ask({ kind: "openCleanup" })}
      hide={() => {
        hidden = true;
        render(null, mount!);
      }}
    />,
    mount,
  );
}

async function update(): Promise<void> {
  const detected = detectPage(document.body?.innerText ?? "");
  const key = detected ? `${detected.page}|${detected.done}` : "";
  if (key === last || hidden) return;
  last = key;
  if (!detected) {
    if (mount) render(null, mount);
    return;
  }
  show({ ...detected, step: detected.step ?? 1 }, null);
  const status = await ask({ kind: "status" });
  show({ ...detected, step: detected.step ?? status.lastStep ?? 1 }, status);
  if (detected.step !== null) {
    void ask({
      kind: "step",
      step: detected.step,
      page: detected.page,
      done: detected.done,
      ...(status.current ? { current: status.current.thumbprint } : {}),
    });
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
new MutationObserver(() => {
  clearTimeout(timer);
  timer = setTimeout(() => void update(), 300);
}).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
void update();
