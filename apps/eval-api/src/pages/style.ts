// Inline on every page (CSP: style-src 'self' 'unsafe-inline'); small enough not to need its own request.
export const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); }
header.site { display: flex; gap: 2rem; align-items: baseline; padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); }
header.site .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
header.site nav a { margin-right: 1rem; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
a { color: var(--accent); }
h1 { font-size: 1.5rem; margin: .6rem 0; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; }
.lead { color: var(--muted); max-width: 60rem; }
.tabs a { display: inline-block; padding: .3rem .8rem; border: 1px solid var(--line); border-radius: 6px; margin-right: .4rem; text-decoration: none; }
.tabs a[aria-current="page"] { background: var(--accent); color: #fff; border-color: var(--accent); }
form.filters { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; margin: 1rem 0; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
input, select, button { font: inherit; padding: .25rem .4rem; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .45rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
th[aria-sort] { background: #ddf4ff; }
.sort-button { border: 0; background: none; cursor: pointer; color: var(--muted); padding: 0 0 0 .25rem; }
.data-links { font-size: .9rem; color: var(--muted); }
figure.plot { margin: 1rem 0; }
figure.plot svg { max-width: 100%; height: auto; display: block; }
figure.plot figcaption { color: var(--muted); font-size: .9rem; }
.plot-readout { min-height: 1.4em; font-size: .9rem; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.settings dt { color: var(--muted); }
dl.settings dd { margin: 0; }
.status { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; background: #eaeef2; font-size: .85rem; }
.status-scored { background: #dafbe1; } .status-failed { background: #ffebe9; }
.error { color: #cf222e; }
.crossover-summary { font-size: 1.05rem; padding: .6rem .9rem; border-left: 4px solid #d55e00; background: #fff8f3; }
.compare-warnings, .degenerate-warning { padding: .6rem .9rem; margin: .8rem 0; border-left: 4px solid #bf8700; background: #fff8c5; }
.muted { color: var(--muted); }
.notes { white-space: pre-wrap; }
tr.ranking-mode td, tr.planned td { font-weight: 600; }
ul.disagreements { list-style: none; padding: 0; }
li.disagreement { margin: .8rem 0; }
pre.completion { white-space: pre-wrap; word-break: break-word; max-height: 12em; overflow: auto; background: #f6f8fa; padding: .5rem .7rem; font-size: .85rem; }
`;
