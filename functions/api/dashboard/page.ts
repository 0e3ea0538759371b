/**
 * The dashboard's page. {{timeZone}} and {{today}} are the business time zone and today's
 * date in it, by the server's clock (the default period is the last 7 days to today);
 * {{jsVersion}} and {{cssVersion}} make the asset URLs change with their content.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="sb-time-zone" content="{{timeZone}}">
<meta name="sb-today" content="{{today}}">
<title>Sales dashboard · switchboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="dashboard/app.css?v={{cssVersion}}">
<script type="module" src="dashboard/app.js?v={{jsVersion}}"></script>
</head>
<body data-state="starting">
<header class="top">
  <div class="brand">
    <h1>Sales dashboard</h1>
    <p id="subtitle" class="sub" hidden><span id="period-title"></span> · days in <span id="zone">{{timeZone}}</span></p>
  </div>
  <form id="period" class="period" hidden>
    <label>From <input type="date" name="from" required></label>
    <label>To <input type="date" name="to" required></label>
    <button type="submit" class="primary">Show</button>
    <button type="button" data-period-days="7">7 days</button>
    <button type="button" data-period-days="30">30 days</button>
  </form>
  <button id="forget" type="button" class="quiet" hidden>Forget key</button>
</header>
<main>
  <noscript><p class="error">The dashboard needs JavaScript.</p></noscript>
  <section id="key-panel" class="card key-panel" aria-labelledby="key-title" hidden>
    <h2 id="key-title">Enter an API key</h2>
    <p>A head or admin key (<code>npm start</code> prints the admin key). It stays in this tab only and is sent to this server alone.</p>
    <form id="key-form" method="post" action="#">
      <label for="key">API key</label>
      <div class="key-row">
        <input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required>
        <button type="submit" class="primary">Open the dashboard</button>
      </div>
    </form>
    <p id="key-error" class="error" role="alert" hidden></p>
  </section>
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <div id="error" class="error" role="alert" hidden></div>
  <div id="board" hidden>
    <dl id="totals" class="tiles" aria-label="Totals of the period"></dl>
    <div class="grid">
      <section class="card wide" aria-labelledby="calls-title">
        <h2 id="calls-title">Inbound calls per day</h2>
        <ul class="legend" aria-hidden="true">
          <li><span class="swatch s-answered"></span>Answered</li>
          <li><span class="swatch s-missed"></span>Missed</li>
          <li><span class="swatch s-shortAbandoned"></span>Short abandoned</li>
        </ul>
        <div id="calls-chart" class="chart"></div>
        <details>
          <summary>As a table</summary>
          <div id="calls-table" class="scroll"></div>
        </details>
      </section>
      <section class="card" aria-labelledby="effective-title">
        <h2 id="effective-title">Effective conversations by manager</h2>
        <div id="effective"></div>
      </section>
      <section class="card" aria-labelledby="channels-title">
        <h2 id="channels-title">Leads by channel</h2>
        <div id="channels"></div>
        <p id="callback-tasks" class="note"></p>
      </section>
      <section class="card wide" aria-labelledby="callbacks-title">
        <h2 id="callbacks-title">Call-backs of missed calls by manager</h2>
        <div id="callbacks" class="scroll"></div>
        <p class="note">* Rate = called back within 15 min ÷ missed, computed here from the two figures the API gives.</p>
      </section>
      <section class="card wide" aria-labelledby="speed-title">
        <h2 id="speed-title">Speed to lead</h2>
        <div id="speed" class="scroll"></div>
      </section>
      <section class="card wide" aria-labelledby="missed-title">
        <h2 id="missed-title">Missed calls not yet called back: <span id="missed-count"></span></h2>
        <p id="missed-note" class="note"></p>
        <div id="missed" class="scroll"></div>
      </section>
    </div>
    <p class="exports">Download the period as CSV:
      <button id="csv-calls" type="button">Calls</button>
      <button id="csv-leads" type="button">Leads</button>
    </p>
  </div>
</main>
</body>
</html>
`;
