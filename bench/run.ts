/**
 * `npm run bench` runs every benchmark and prints each figure with its target;
 * `npm run bench -- <name> [<name> …]` runs some. `--json=<file>` also writes the figures as JSON;
 * `--node=<path>` runs the fresh processes of `bundles` (cold starts) with another node binary,
 * e.g. the major version Lambda runs.
 *
 *   ingest-overhead  the ingest Lambda handler in process, beside a bare baseline handler
 *   bundles          Lambda bundle sizes, what is in them, and their cold import time
 *   end-to-end       forms and call events through the local stack over HTTP
 *   cost             AWS cost per 1,000 leads and per 1,000 call events, from a metered run
 *   metrics-cost     items GET /v1/metrics/calls reads after 1,000 and after 100,000 calls
 *   dashboard        GET /dashboard loaded in headless Chromium, navigation to every figure drawn
 *   speed-to-manager forms at 2/s, then 22/s, to managers' Telegram chats (a Bot API stand-in): p50/p99
 */
// As deployed (infra/constructs/switchboard-function.ts); set before any function module loads.
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
process.env.POWERTOOLS_SERVICE_NAME ??= 'switchboard';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Servers } from '../local/stack';
import { type Benchmark, type Figure, formatTable, isMet } from './report';
import { muteFunctionLogs, print, printError, takeLogCounts } from './support/output';

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  'ingest-overhead': async () => (await import('./ingest-overhead')).ingestOverhead,
  bundles: async () => (await import('./bundles')).bundles,
  'end-to-end': async () => (await import('./end-to-end')).endToEnd,
  cost: async () => (await import('./cost')).cost,
  'metrics-cost': async () => (await import('./metrics-cost')).metricsCost,
  dashboard: async () => (await import('./dashboard')).dashboard,
  'speed-to-manager': async () => (await import('./speed-to-manager')).speedToManager,
};

const main = async () => {
  const args = process.argv.slice(2);
  const json = args.find((arg) => arg.startsWith('--json='))?.slice('--json='.length);
  const node = args.find((arg) => arg.startsWith('--node='))?.slice('--node='.length);
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    printError(
      `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`,
    );
    process.exit(2);
  }
  const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);

  muteFunctionLogs();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  print(
    `switchboard bench — node ${process.version}, ${cpus().length} × ${cpu}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString()}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );

  let servers: Promise<Servers> | undefined;
  const sharedServers = () => {
    // fauxqs in a child process: its CPU is the emulator's (SQS is AWS's in production), and
    // the end-to-end figures print it apart from this process's (the functions').
    servers ??= Promise.all([import('../local/stack'), import('./support/sqs-process')]).then(
      ([{ startServers }, { startSqsProcess }]) =>
        startServers({ dynamoPort: 0, sqsPort: 0, startSqs: startSqsProcess }),
    );
    return servers;
  };

  const figures: Figure[] = [];
  const started = performance.now();
  try {
    await runAll();
  } finally {
    await (await servers)?.stop();
  }
  async function runAll() {
    for (const name of selected) {
      const load = BENCHMARKS[name];
      if (!load) continue;
      const benchmark = await load();
      print(`\n## ${benchmark.name} — ${benchmark.description}`);
      const t0 = performance.now();
      const found = await benchmark.run({
        log: (line) => print(`  ${line}`),
        servers: sharedServers,
        node: node ?? process.execPath,
      });
      const logs = takeLogCounts();
      if (Object.keys(logs).length > 0) {
        print(`  function log lines (not printed): ${JSON.stringify(logs)}`);
      }
      print(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      figures.push(...found);
    }
  }

  const withTargets = figures.filter((f) => f.target);
  const met = withTargets.filter((f) => isMet(f)).length;
  print(`\n## Figures (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  print(formatTable(figures));
  print(`\n${met} of ${withTargets.length} targets met.`);
  for (const f of figures.filter((x) => x.note)) print(`- ${f.benchmark}: ${f.name}: ${f.note}`);
  if (json) {
    writeFileSync(
      json,
      `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu, figures }, null, 2)}\n`,
    );
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    printError(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
