/** The dashboard's style sheet, served as /dashboard/app.css: phone first, then wider grids. */
export const DASHBOARD_CSS = `:root {
  --ink: #111827;
  --muted: #4b5563;
  --line: #d1d5db;
  --bg: #f3f4f6;
  --card: #ffffff;
  --accent: #1d4ed8;
  --answered: #1d4ed8;
  --missed: #c2410c;
  --short: #6b7280;
  --bar: #1d4ed8;
  --bar-alt: #0f766e;
  --error-bg: #fef2f2;
  --error-ink: #7f1d1d;
  --error-line: #b91c1c;
  font-family:
    system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 16px;
  line-height: 1.4;
  color: var(--ink);
  background: var(--bg);
}

* {
  box-sizing: border-box;
}

body {
  margin: 0;
}

h1,
h2 {
  margin: 0;
  line-height: 1.2;
}

h1 {
  font-size: 1.35rem;
}

h2 {
  font-size: 1.05rem;
  margin-bottom: 0.75rem;
}

.top {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.75rem 1.5rem;
  padding: 0.9rem clamp(0.75rem, 3vw, 2rem);
  background: var(--card);
  border-bottom: 1px solid var(--line);
}

.brand {
  flex: 1 1 14rem;
}

.sub {
  margin: 0.15rem 0 0;
  color: var(--muted);
  font-size: 0.9rem;
}

.period {
  display: flex;
  flex-wrap: wrap;
  align-items: end;
  gap: 0.5rem;
}

.period label {
  display: flex;
  flex-direction: column;
  font-size: 0.8rem;
  color: var(--muted);
}

input,
button {
  font: inherit;
  min-height: 2.5rem;
  border-radius: 6px;
}

input {
  padding: 0.35rem 0.5rem;
  border: 1px solid #6b7280;
  color: var(--ink);
  background: #fff;
}

button {
  padding: 0.35rem 0.85rem;
  border: 1px solid #6b7280;
  background: #fff;
  color: var(--ink);
  cursor: pointer;
}

button.primary {
  background: var(--accent);
  border-color: var(--accent);
  color: #fff;
}

button.quiet {
  padding-inline: 0;
  border-color: transparent;
  color: var(--accent);
  text-decoration: underline;
}

:focus-visible {
  outline: 3px solid #f59e0b;
  outline-offset: 2px;
}

main {
  padding: 1rem clamp(0.75rem, 3vw, 2rem) 2rem;
  max-width: 88rem;
  margin: 0 auto;
}

.card {
  background: var(--card);
  border: 1px solid var(--line);
  border-radius: 10px;
  padding: 1rem;
  min-width: 0;
}

.key-panel {
  max-width: 34rem;
  margin: 2rem auto;
}

.key-panel label {
  display: block;
  font-weight: 600;
  margin-bottom: 0.35rem;
}

.key-row {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
}

.key-row input {
  flex: 1 1 14rem;
}

.status {
  color: var(--muted);
  margin: 0 0 0.5rem;
  min-height: 1.4em;
}

.error {
  background: var(--error-bg);
  color: var(--error-ink);
  border: 1px solid var(--error-line);
  border-radius: 6px;
  padding: 0.6rem 0.8rem;
  margin: 0.75rem 0;
}

.error p {
  margin: 0;
}

.tiles {
  display: grid;
  grid-template-columns: repeat(4, minmax(0, 1fr));
  gap: 0.75rem;
  margin: 0 0 1rem;
}

.tile {
  background: var(--card);
  border: 1px solid var(--line);
  border-radius: 10px;
  padding: 0.7rem 0.85rem;
}

.tile dt {
  color: var(--muted);
  font-size: 0.85rem;
}

.tile dd {
  margin: 0;
  font-size: 1.6rem;
  font-weight: 700;
  font-variant-numeric: tabular-nums;
}

.tile dd.note,
.note {
  color: var(--muted);
  font-size: 0.8rem;
  font-weight: 400;
}

.grid {
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr));
  gap: 1rem;
}

.wide {
  grid-column: 1 / -1;
}

.legend {
  display: flex;
  flex-wrap: wrap;
  gap: 0.35rem 1rem;
  list-style: none;
  padding: 0;
  margin: -0.25rem 0 0.5rem;
  font-size: 0.85rem;
}

.legend li {
  display: flex;
  align-items: center;
  gap: 0.35rem;
}

.swatch {
  display: inline-block;
  width: 0.9rem;
  height: 0.9rem;
  border-radius: 2px;
}

.swatch.s-answered {
  background: var(--answered);
}

.swatch.s-missed {
  background: var(--missed);
}

.swatch.s-shortAbandoned {
  background: var(--short);
}

.chart svg {
  display: block;
}

.chart .gridline {
  stroke: #e5e7eb;
  stroke-width: 1;
}

.chart .axis {
  fill: var(--muted);
  font-size: 11px;
}

.chart .sum {
  fill: var(--ink);
  font-size: 11px;
  font-weight: 600;
}

.bar.s-answered {
  fill: var(--answered);
}

.bar.s-missed {
  fill: var(--missed);
}

.bar.s-shortAbandoned {
  fill: var(--short);
}

.bars {
  display: grid;
  gap: 0.45rem;
}

.bar-row {
  display: grid;
  grid-template-columns: minmax(5rem, 34%) 1fr 3rem;
  align-items: center;
  gap: 0.6rem;
}

.bar-label {
  overflow-wrap: anywhere;
  font-size: 0.9rem;
}

.bar-track {
  width: 100%;
  height: 1.1rem;
  background: #eef0f3;
  border-radius: 3px;
}

.bars.effective rect {
  fill: var(--bar);
}

.bars.channels rect {
  fill: var(--bar-alt);
}

.bar-value {
  text-align: right;
  font-variant-numeric: tabular-nums;
  font-weight: 600;
}

.scroll {
  overflow-x: auto;
}

table {
  border-collapse: collapse;
  width: 100%;
  font-size: 0.9rem;
}

th,
td {
  text-align: left;
  padding: 0.4rem 0.5rem;
  border-bottom: 1px solid #e5e7eb;
  vertical-align: top;
}

thead th {
  color: var(--muted);
  font-weight: 600;
  border-bottom-color: var(--line);
  vertical-align: bottom;
}

thead th.num {
  white-space: normal;
}

tbody th {
  font-weight: 500;
  white-space: nowrap;
}

.num {
  text-align: right;
  font-variant-numeric: tabular-nums;
  white-space: nowrap;
}

a {
  color: var(--accent);
}

details {
  margin-top: 0.5rem;
}

summary {
  cursor: pointer;
  color: var(--accent);
  font-size: 0.9rem;
}

.empty {
  color: var(--muted);
  margin: 0;
}

.exports {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5rem;
  margin-top: 1rem;
  color: var(--muted);
}

.sr-only {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}

[hidden] {
  display: none !important;
}

@media (max-width: 40rem) {
  .tile dd {
    font-size: 1.35rem;
  }

  .tiles {
    grid-template-columns: repeat(2, minmax(0, 1fr));
  }

  table {
    font-size: 0.85rem;
  }

  th,
  td {
    padding: 0.35rem 0.3rem;
  }

  table.stack thead {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }

  table.stack,
  table.stack tbody,
  table.stack tr,
  table.stack th,
  table.stack td {
    display: block;
  }

  table.stack tr {
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--line);
  }

  table.stack tbody th {
    border: 0;
    padding: 0 0 0.2rem;
    font-weight: 600;
    white-space: normal;
  }

  table.stack td {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    border: 0;
    padding: 0.1rem 0;
    text-align: right;
    white-space: normal;
  }

  table.stack td::before {
    content: attr(data-label);
    color: var(--muted);
    text-align: left;
  }
}
`;
