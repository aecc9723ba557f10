/**
 * The panel's styles, inside its shadow root (nothing here reaches the host page). Colours
 * are variables: light by default, dark with `theme="dark"` or, for `theme="system"`, when the
 * system prefers it.
 */
const DARK = '--bg:#16181d;--fg:#e6e8eb;--muted:#9aa3ad;--line:#2c3038;--accent:#5aa9ff;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--chip:#23272f;';
const LIGHT = '--bg:#ffffff;--fg:#1b1f24;--muted:#5b6570;--line:#d8dde3;--accent:#0b6bcb;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--chip:#eef1f4;';

export const DEVTOOLS_CSS = `
:host{all:initial;${LIGHT}font:13px/1.4 system-ui,-apple-system,Segoe UI,sans-serif;color:var(--fg)}
:host([data-theme=dark]){${DARK}}
@media (prefers-color-scheme:dark){:host([data-theme=system]){${DARK}}}
*{box-sizing:border-box}
button{font:inherit;color:inherit;background:var(--chip);border:1px solid var(--line);border-radius:6px;padding:3px 8px;cursor:pointer}
button:focus-visible,[tabindex]:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
.toggle{position:fixed;z-index:2147483000;background:var(--bg);box-shadow:0 2px 8px #0003;padding:6px 10px}
.top-left{top:12px;left:12px}.top-right{top:12px;right:12px}.bottom-left{bottom:12px;left:12px}.bottom-right{bottom:12px;right:12px}
.panel{position:fixed;z-index:2147483001;left:0;right:0;bottom:0;height:min(460px,60vh);background:var(--bg);color:var(--fg);border-top:1px solid var(--line);box-shadow:0 -4px 16px #0003;display:flex;flex-direction:column}
.loading{padding:12px}
header{display:flex;align-items:center;gap:12px;padding:6px 10px;border-bottom:1px solid var(--line)}
header h2{font-size:14px;margin:0}
[role=tablist]{display:flex;gap:4px;flex:1}
[role=tab][aria-selected=true]{background:var(--accent);color:#fff;border-color:var(--accent)}
.body{overflow:auto;padding:10px;flex:1}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:10px}
section.card{border:1px solid var(--line);border-radius:8px;padding:8px}
h3{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:0 0 6px}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0}dt{color:var(--muted)}dd{margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:500}
tr[aria-selected=true]{background:var(--chip)}
.muted{color:var(--muted)}.ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--bad)}
.chip{display:inline-block;background:var(--chip);border-radius:10px;padding:0 6px;margin:1px 2px 1px 0}
pre{margin:0;white-space:pre-wrap;word-break:break-all;font:11px/1.35 ui-monospace,monospace;background:var(--chip);padding:6px;border-radius:6px;max-height:160px;overflow:auto}
svg{display:block;width:100%}
.actions{display:flex;gap:6px;margin-left:auto}
ul.plain{list-style:none;margin:0;padding:0}ul.plain li{padding:4px 0;border-bottom:1px solid var(--line)}
`;
