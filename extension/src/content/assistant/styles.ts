/** Styles of the tracker; it lives in a shadow root, so the site's CSS neither reaches nor suffers it. */
export const TRACKER_CSS = `
.kep-assistant { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; width: min(340px, calc(100vw - 32px)); box-sizing: border-box; max-height: 70vh; overflow: auto;
  background: #fff; color: #202124; border: 1px solid #dadce0; border-radius: 10px; box-shadow: 0 4px 16px rgba(0,0,0,.18);
  font: 13px/1.4 system-ui, "Segoe UI", Roboto, sans-serif; padding: 10px 12px; }
header { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.kep-assistant.folded { width: auto; max-width: min(340px, calc(100vw - 32px)); padding: 6px 10px; }
.stepper { display: flex; gap: 4px; list-style: none; margin: 6px 0 0; padding: 0; }
.stepper li { width: 22px; height: 22px; border-radius: 50%; display: flex; align-items: center; justify-content: center;
  font-size: 12px; border: 1px solid #dadce0; color: #5f6368; }
.stepper li.done { background: #e6f4ea; border-color: #1e7b34; color: #1e7b34; }
.stepper li.current { background: #1a73e8; border-color: #1a73e8; color: #fff; font-weight: 600; }
.summary { margin: 4px 0 0; padding: 4px 8px; border-radius: 6px; background: #f1f3f4; }
.buttons { display: flex; gap: 2px; flex: none; }
header button { border: 0; background: none; font-size: 18px; cursor: pointer; color: #5f6368; }
.steps { margin: 8px 0; padding-left: 20px; }
.steps li { margin: 2px 0; color: #5f6368; }
.steps li.current { color: #1a73e8; font-weight: 600; }
.steps li.done { color: #1e7b34; }
.checks { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.checks li { padding: 6px 8px; border-radius: 6px; background: #f1f3f4; }
.check-true { background: #e6f4ea !important; }
.check-false { background: #fce8e6 !important; }
.checks button, .summary button { margin-left: 6px; font: inherit; padding: 2px 8px; border: 1px solid #dadce0; border-radius: 6px; background: #fff; cursor: pointer; }
.muted { color: #5f6368; }
`;
