/**
 * The dashboard's page. {{timeZone}} and {{today}} are the business time zone and today's
 * date in it, by the server's clock (the default period is the last 7 days to today), {{now}}
 * that clock's time (deadlines count down from it), {{language}} SWITCHBOARD_LANGUAGE;
 * {{jsVersion}} and {{cssVersion}} make the asset URLs change with their content.
 *
 * It holds no words: every visible text is in the script's dictionaries
 * (browser/i18n/*.ts), named here by `data-i18n` (text) and `data-i18n-aria-label`.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="{{language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="sb-time-zone" content="{{timeZone}}">
<meta name="sb-today" content="{{today}}">
<meta name="sb-now" content="{{now}}">
<meta name="sb-language" content="{{language}}">
<title>switchboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="dashboard/app.css?v={{cssVersion}}">
<script type="module" src="dashboard/app.js?v={{jsVersion}}"></script>
</head>
<body data-state="starting">
<header class="top">
  <div class="brand">
    <h1 id="title" data-i18n="headTitle"></h1>
    <p id="subtitle" class="sub" hidden><span id="period-title"></span> · <span data-i18n="daysIn"></span> <span id="zone">{{timeZone}}</span></p>
  </div>
  <form id="period" class="period" hidden>
    <label><span data-i18n="from"></span> <input type="date" name="from" required></label>
    <label><span data-i18n="to"></span> <input type="date" name="to" required></label>
    <button type="submit" class="primary" data-i18n="show"></button>
    <button type="button" data-period-days="7" data-i18n="days7"></button>
    <button type="button" data-period-days="30" data-i18n="days30"></button>
  </form>
  <div class="tools">
    <div id="languages" class="languages" role="group" data-i18n-aria-label="languages"></div>
    <button id="forget" type="button" class="quiet" data-i18n="forgetKey" hidden></button>
  </div>
</header>
<main>
  <noscript><p class="error" lang="en">The dashboard needs JavaScript.</p><p class="error" lang="ru">Для панели нужен JavaScript.</p></noscript>
  <section id="key-panel" class="card key-panel" aria-labelledby="key-title" hidden>
    <h2 id="key-title" data-i18n="keyTitle"></h2>
    <p data-i18n="keyHelp"></p>
    <form id="key-form" method="post" action="#">
      <label for="key" data-i18n="keyLabel"></label>
      <div class="key-row">
        <input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required>
        <button type="submit" class="primary" data-i18n="keySubmit"></button>
      </div>
    </form>
    <p id="key-error" class="error" role="alert" hidden></p>
  </section>
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <div id="error" class="error" role="alert" hidden></div>
  <section id="manager" class="manager" aria-labelledby="manager-title" hidden>
    <div class="manager-bar">
      <h2 id="manager-title" data-i18n="openLeadsTitle"></h2>
      <button id="refresh" type="button" data-i18n="refresh"></button>
    </div>
    <p id="leads-count" class="note"></p>
    <p id="no-leads" class="empty" data-i18n="noOpenLeads" hidden></p>
    <ol id="leads" class="leads"></ol>
  </section>
  <div id="board" hidden>
    <dl id="totals" class="tiles" data-i18n-aria-label="totals"></dl>
    <div class="grid">
      <section class="card wide" aria-labelledby="calls-title">
        <h2 id="calls-title" data-i18n="callsTitle"></h2>
        <ul class="legend" aria-hidden="true">
          <li><span class="swatch s-answered"></span><span data-i18n="answered"></span></li>
          <li><span class="swatch s-missed"></span><span data-i18n="missed"></span></li>
          <li><span class="swatch s-shortAbandoned"></span><span data-i18n="shortAbandoned"></span></li>
        </ul>
        <div id="calls-chart" class="chart"></div>
        <details>
          <summary data-i18n="asTable"></summary>
          <div id="calls-table" class="scroll"></div>
        </details>
      </section>
      <section class="card" aria-labelledby="effective-title">
        <h2 id="effective-title" data-i18n="effectiveTitle"></h2>
        <div id="effective"></div>
      </section>
      <section class="card" aria-labelledby="channels-title">
        <h2 id="channels-title" data-i18n="channelsTitle"></h2>
        <div id="channels"></div>
        <p id="callback-tasks" class="note"></p>
      </section>
      <section class="card wide" aria-labelledby="callbacks-title">
        <h2 id="callbacks-title" data-i18n="callbacksTitle"></h2>
        <div id="callbacks" class="scroll"></div>
        <p class="note" data-i18n="callbacksNote"></p>
      </section>
      <section class="card wide" aria-labelledby="speed-title">
        <h2 id="speed-title" data-i18n="speedTitle"></h2>
        <div id="speed" class="scroll"></div>
      </section>
      <section class="card wide" aria-labelledby="plan-title">
        <h2 id="plan-title"><span data-i18n="planTitle"></span> <span id="plan-month"></span></h2>
        <p id="plan-note" class="note"></p>
        <ul class="legend" aria-hidden="true">
          <li><span class="swatch s-fact"></span><span data-i18n="legendFact"></span></li>
          <li><span class="swatch s-plan"></span><span data-i18n="legendPlan"></span></li>
          <li><span class="swatch s-forecast"></span><span data-i18n="legendForecast"></span></li>
        </ul>
        <div id="plan" class="scroll"></div>
      </section>
      <section class="card wide" aria-labelledby="funnel-title">
        <h2 id="funnel-title" data-i18n="funnelTitle"></h2>
        <div class="switch" role="group" data-i18n-aria-label="funnelViews">
          <button type="button" data-funnel="all" data-i18n="funnelAll" aria-pressed="true"></button>
          <button type="button" data-funnel="channel" data-i18n="funnelByChannel" aria-pressed="false"></button>
          <button type="button" data-funnel="manager" data-i18n="funnelByManager" aria-pressed="false"></button>
        </div>
        <div id="funnel" class="scroll"></div>
        <p class="note" data-i18n="funnelNote"></p>
      </section>
      <section class="card wide" aria-labelledby="clients-title">
        <h2 id="clients-title" data-i18n="clientsTitle"></h2>
        <p id="clients-note" class="note"></p>
        <div class="pair">
          <div id="abc" class="scroll"></div>
          <div id="migration" class="scroll"></div>
        </div>
        <div id="clients" class="scroll"></div>
      </section>
      <section class="card wide" aria-labelledby="missed-title">
        <h2 id="missed-title"><span data-i18n="missedTitle"></span> <span id="missed-count"></span></h2>
        <p id="missed-note" class="note"></p>
        <div id="missed" class="scroll"></div>
      </section>
    </div>
    <p class="exports"><span data-i18n="csvTitle"></span>
      <button id="csv-calls" type="button" data-i18n="csvCalls"></button>
      <button id="csv-leads" type="button" data-i18n="csvLeads"></button>
      <button id="csv-plan" type="button" data-i18n="csvPlan"></button>
      <button id="csv-funnel" type="button" data-i18n="csvFunnel"></button>
      <button id="csv-clients" type="button" data-i18n="csvClients"></button>
    </p>
  </div>
</main>
</body>
</html>
`;
