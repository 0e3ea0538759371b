import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_BUNDLING, LAMBDA_NODE_OPTIONS } from '../infra/constructs/bundling';
import { toEsbuildOptions } from './bundles/esbuild-options';
import { atMost, type Benchmark, type Figure, figuresOf, kib, ms } from './report';
import { runNodeForJson } from './support/child-json';
import { median } from './support/stats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FUNCTIONS = ['ingest', 'api', 'router', 'sla', 'notify', 'deliver'] as const;
type Bundle = (typeof FUNCTIONS)[number] | 'hello';

const KIB = 1024;
/** Sizes in KiB (1,024 bytes), as issue 6 gives them (ingest ~1.1 MB = 1,105,971 bytes). */
const INGEST_MAX = 500 * KIB;
const ANY_MAX = 1024 * KIB;
const LOAD_RATIO_MAX = 2;
/** Fresh processes per bundle (after one warm-up round for the file cache). */
const RUNS = 10;

/** Environment a function finds in Lambda (minus SECRETS_ARN: no Secrets Manager call here). */
const LAMBDA_ENV = {
  TABLE_NAME: 'switchboard',
  INTAKE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/intake.fifo',
  ASSIGNMENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/assignments',
  SLA_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/sla',
  DELIVERIES_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/deliveries',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_SERVICE_NAME: 'switchboard',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Imports a bundle the way the Lambda runtime does (a dynamic import of index.mjs) and prints
 * the import time and the time since the process started (node's own start-up included).
 */
const LOADER = `
const before = performance.now();
const module = await import(process.argv[2]);
if (typeof module.handler !== 'function') throw new Error('no handler exported');
const after = performance.now();
process.stdout.write(JSON.stringify({ importMs: after - before, sinceStartMs: after }));
`;

/** Bytes in the bundle per package (node_modules/<package>) or per source folder. */
const contributors = (metafile: Metafile, outfile: string): [string, number][] => {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(path) === outfile)?.[1];
  if (!output) throw new Error(`no metafile output for ${outfile}`);
  const totals = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
    let name: string;
    if (inModules) {
      const [, pkg = '', rest = ''] = inModules;
      // The phone metadata is worth its own line.
      name = pkg === 'libphonenumber-js' && rest.includes('metadata') ? `${pkg} (metadata)` : pkg;
    } else {
      const parts = relative(ROOT, resolve(path)).split('/');
      name =
        parts[0] === 'shared' && parts[1] === 'domain' && parts[2] === 'phone-metadata.json'
          ? 'shared/domain/phone-metadata.json'
          : parts.slice(0, parts.length > 2 ? 2 : 1).join('/');
    }
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
};

type Load = { importMs: number; sinceStartMs: number };

const loadOnce = (loader: string, bundle: string, nodeOptions: string): Promise<Load> =>
  // Run from the bundle's own folder outside the project: nothing can come from node_modules.
  runNodeForJson<Load>(
    [loader, pathToFileURL(bundle).href],
    {
      cwd: dirname(bundle),
      env: { ...LAMBDA_ENV, NODE_OPTIONS: nodeOptions, PATH: process.env.PATH ?? '' },
    },
    `loading ${bundle}`,
  );

export const bundles: Benchmark = {
  name: 'bundles',
  description: `Lambda bundles built with infra/constructs/bundling.ts (as CDK builds them); cold import in ${RUNS} fresh node processes each`,
  async run({ log }) {
    const figure = figuresOf('bundles');
    const figures: Figure[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-bundles-'));
    try {
      const entries: Record<Bundle, string> = {
        hello: join(ROOT, 'bench', 'bundles', 'hello.ts'),
        ingest: join(ROOT, 'functions', 'ingest', 'index.ts'),
        api: join(ROOT, 'functions', 'api', 'index.ts'),
        router: join(ROOT, 'functions', 'router', 'index.ts'),
        sla: join(ROOT, 'functions', 'sla', 'index.ts'),
        notify: join(ROOT, 'functions', 'notify', 'index.ts'),
        deliver: join(ROOT, 'functions', 'deliver', 'index.ts'),
      };
      const files = {} as Record<Bundle, string>;
      const sizes = {} as Record<Bundle, number>;
      for (const [name, entry] of Object.entries(entries) as [Bundle, string][]) {
        const outfile = join(dir, name, 'index.mjs');
        const result = await build(toEsbuildOptions(LAMBDA_BUNDLING, entry, outfile));
        if (!result.metafile) throw new Error('esbuild returned no metafile');
        const output = Object.entries(result.metafile.outputs).find(
          ([path]) => resolve(path) === outfile,
        )?.[1];
        files[name] = outfile;
        sizes[name] = output?.bytes ?? 0;
        if (name === 'hello') continue;
        const top = contributors(result.metafile, outfile).slice(0, 8);
        log(
          `${name}: ${kib(sizes[name])}; top: ${top.map(([what, bytes]) => `${what} ${kib(bytes)}`).join(', ')}`,
        );
      }

      const loader = join(dir, 'load.mjs');
      writeFileSync(loader, LOADER);
      const names = Object.keys(files) as Bundle[];
      // Both NODE_OPTIONS in the same rounds, bundles interleaved: a busy machine slows all alike.
      const variants = { deployed: LAMBDA_NODE_OPTIONS, noMaps: '' } as const;
      type Variant = keyof typeof variants;
      const runs = new Map<string, Load[]>();
      for (let round = 0; round <= RUNS; round++) {
        for (const name of names) {
          for (const [variant, nodeOptions] of Object.entries(variants)) {
            const load = await loadOnce(loader, files[name], nodeOptions);
            if (round === 0) continue; // warms the file cache
            const key = `${variant}:${name}`;
            runs.set(key, [...(runs.get(key) ?? []), load]);
          }
        }
      }
      const medianOf = (variant: Variant) =>
        Object.fromEntries(
          names.map((n) => {
            const loads = runs.get(`${variant}:${n}`) ?? [];
            return [
              n,
              {
                importMs: median(loads.map((r) => r.importMs)),
                sinceStartMs: median(loads.map((r) => r.sinceStartMs)),
              },
            ];
          }),
        ) as Record<Bundle, Load>;
      const deployed = medianOf('deployed');
      const noMaps = medianOf('noMaps');
      log(
        `cold start = node start-up + import of index.mjs, median of ${RUNS} processes, NODE_OPTIONS=${LAMBDA_NODE_OPTIONS} as deployed (without it in brackets)`,
      );
      for (const name of names) {
        log(
          `${name.padEnd(7)} import ${ms(deployed[name].importMs)} (${ms(noMaps[name].importMs)}), ` +
            `cold start ${ms(deployed[name].sinceStartMs)} (${ms(noMaps[name].sinceStartMs)})`,
        );
      }

      for (const name of FUNCTIONS) {
        figures.push(
          figure(
            `${name} bundle (minified)`,
            sizes[name],
            kib(sizes[name]),
            name === 'ingest' ? atMost(INGEST_MAX, '≤ 500 KiB') : atMost(ANY_MAX, '≤ 1 MiB'),
          ),
        );
      }
      const hello = deployed.hello.sinceStartMs;
      figures.push(figure('hello-world cold start', hello, ms(hello)));
      for (const name of FUNCTIONS) {
        const { importMs, sinceStartMs } = deployed[name];
        figures.push(
          figure(`${name} cold import`, importMs, ms(importMs)),
          figure(
            `${name} cold start / hello world`,
            sinceStartMs / hello,
            `${(sinceStartMs / hello).toFixed(2)} (${ms(sinceStartMs)})`,
            atMost(LOAD_RATIO_MAX, '≤ 2'),
          ),
        );
      }
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
