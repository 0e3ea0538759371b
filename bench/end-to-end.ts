import { atLeast, atMost, type Benchmark, type Figure, figuresOf, ms, perSecond } from './report';
import { cpuSeconds, runLoad, seedDepartment, startBenchStack } from './support/local-system';
import { SQS_PROCESS_NAME } from './support/sqs-process';
import { percentile } from './support/stats';

const FORMS = 300;
const CALLS = 100;
const CONCURRENCY = 32;
/** Receive loops per queue: Lambda runs a FIFO queue's groups side by side. */
const POLLERS = 8;
const TARGET_PER_SECOND = 500;
/**
 * Issue 14, item 4: node CPU per form end to end: this process's, which runs the functions
 * (ingest, the pollers standing for Lambda's event source mappings, router, notify, deliver,
 * their SDK clients). The emulators' CPU (DynamoDB Local, fauxqs: child processes) is printed
 * beside it: in AWS both are AWS's.
 */
const TARGET_NODE_CPU_MS_PER_FORM = 12;

export const endToEnd: Benchmark = {
  name: 'end-to-end',
  description: `${FORMS.toLocaleString('en-US')} forms, then ${CALLS} calls (2–3 events each), over HTTP from another process, ${CONCURRENCY} in flight, through startLocalStack with its pollers (${POLLERS} per queue): ingest → intake.fifo → router → DynamoDB Local`,
  async run({ log, servers }) {
    const figure = figuresOf('end-to-end');
    const bench = await startBenchStack(await servers(), 'e2e', {
      pollers: true,
      concurrency: POLLERS,
    });
    try {
      const { extensions } = await seedDepartment(bench, 8);
      const figures: Figure[] = [];
      const phases = [
        { kind: 'forms' as const, count: FORMS, what: 'forms', stored: ['LEAD#', 'LEAD'] },
        { kind: 'calls' as const, count: CALLS, what: 'call events', stored: ['CALL#', 'CALL'] },
      ];
      for (const phase of phases) {
        const cpu0 = cpuSeconds();
        const t0 = performance.now();
        const load = await runLoad({
          url: bench.stack.url,
          kind: phase.kind,
          count: phase.count,
          concurrency: CONCURRENCY,
          offset: phase.kind === 'forms' ? 0 : 500_000,
          extensions,
        });
        const answered = performance.now();
        await bench.drained('intake');
        const processed = performance.now();
        const cpu1 = cpuSeconds();
        const [prefix = '', sk = ''] = phase.stored;
        const stored = await bench.count(prefix, sk);
        const expected = phase.count; // one lead per form, one call record per call
        if (load.failed > 0 || stored !== expected) {
          throw new Error(
            `${phase.what}: ${load.failed} failed (${JSON.stringify(load.statuses)}), ${stored} of ${expected} stored`,
          );
        }
        const acceptedPerSecond = load.requests / ((answered - t0) / 1000);
        const processedPerSecond = load.requests / ((processed - t0) / 1000);
        const java = (cpu1.children.java ?? 0) - (cpu0.children.java ?? 0);
        const sqs = (cpu1.children[SQS_PROCESS_NAME] ?? 0) - (cpu0.children[SQS_PROCESS_NAME] ?? 0);
        const node = cpu1.node - cpu0.node;
        const perItem = (seconds: number) => ((seconds / load.requests) * 1000).toFixed(1);
        log(
          `${load.requests} ${phase.what}: answered in ${((answered - t0) / 1000).toFixed(1)} s, all stored after ${((processed - t0) / 1000).toFixed(1)} s; ` +
            `CPU: this node process (the functions) ${node.toFixed(1)} s, DynamoDB Local (java) ${java.toFixed(1)} s, SQS server (fauxqs) ${sqs.toFixed(1)} s, of ${((2 * (processed - t0)) / 1000).toFixed(0)} s on 2 cores`,
        );
        figures.push(
          figure(
            `${phase.what} answered (HTTP 200)`,
            acceptedPerSecond,
            perSecond(acceptedPerSecond, phase.what === 'forms' ? 'forms' : 'events'),
            atLeast(TARGET_PER_SECOND, '≥ 500/s'),
          ),
          figure(
            `${phase.what} processed (stored, queue drained)`,
            processedPerSecond,
            perSecond(processedPerSecond, phase.what === 'forms' ? 'forms' : 'events'),
            atLeast(TARGET_PER_SECOND, '≥ 500/s'),
          ),
          figure(
            `${phase.what} HTTP answer p50 / p99`,
            percentile(load.latenciesMs, 99),
            `${ms(percentile(load.latenciesMs, 50))} / ${ms(percentile(load.latenciesMs, 99))}`,
          ),
          figure(
            `${phase.what}: node CPU per item (issue 14, item 4)`,
            (node / load.requests) * 1000,
            `${perItem(node)} ms`,
            phase.what === 'forms' ? atMost(TARGET_NODE_CPU_MS_PER_FORM, '≤ 12 ms') : undefined,
          ),
          figure(
            `${phase.what}: CPU per item, node + DynamoDB Local + SQS server`,
            ((node + java + sqs) / load.requests) * 1000,
            `${perItem(node)} + ${perItem(java)} + ${perItem(sqs)} ms`,
          ),
          figure(
            `${phase.what}: time until all processed`,
            (processed - t0) / 1000,
            `${((processed - t0) / 1000).toFixed(1)} s for ${load.requests}`,
          ),
        );
      }
      return figures;
    } finally {
      await bench.stop();
    }
  },
};
