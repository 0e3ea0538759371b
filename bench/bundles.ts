import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
/** Every function: each folder of functions/ with an index.ts is a Lambda. */
const FUNCTIONS = readdirSync(join(ROOT, 'functions')).filter((name) =>
  existsSync(join(ROOT, 'functions', name, 'index.ts')),
);
/** A function's name, or `hello` for the baseline. */
type Bundle = string;

const KIB = 1024;
/**
 * Targets per function (issue 14): bundle size in KiB (1,024 bytes) and cold start as a multiple
 * of a hello-world bundle's. A function without its own line is held to issue 6's 1 MiB.
 */
const TARGETS: Record<string, { readonly maxKib: number; readonly maxRatio?: number }> = {
  ingest: { maxKib: 400, maxRatio: 2 },
  api: { maxKib: 800, maxRatio: 3 },
  router: { maxKib: 1024, maxRatio: 2.5 },
  sla: { maxKib: 1024, maxRatio: 2.5 },
};
const DEFAULT_MAX_KIB = 1024;
/** Fresh processes per bundle (after one warm-up round for the file cache). */
const RUNS = 10;

/**
 * Whether `node` reads a module's source map when it loads the module, or only when a stack
 * trace is formatted. Measured here: --enable-source-maps adds ~20–40 % to an import on Node 20
 * and nothing measurable on Node 24 (Lambda's nodejs24.x); 22 is not measured, so counted eager.
 */
const readsMapsAtImport = (node: string): { version: string; eager: boolean } => {
  const version = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  return { version, eager: Number(version.split('.')[0]) < 24 };
};

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
 * the import time, the time since the process started (node's own start-up included) and the
 * CPU the process has used by then (less disturbed by a busy machine than the wall clock).
 */
const LOADER = `
const before = performance.now();
const module = await import(process.argv[2]);
if (typeof module.handler !== 'function') throw new Error('no handler exported');
const after = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({
  importMs: after - before,
  sinceStartMs: after,
  cpuMs: (cpu.user + cpu.system) / 1000,
}));
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
        parts[0] === 'shared' && parts[1] === 'domain' && parts[2] === 'phone-metadata.ts'
          ? 'shared/domain/phone-metadata.ts'
          : parts.slice(0, parts.length > 2 ? 2 : 1).join('/');
    }
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
};

type Load = { importMs: number; sinceStartMs: number; cpuMs: number };

const loadOnce = (node: string, loader: string, bundle: string, nodeOptions: string) =>
  // Run from the bundle's own folder outside the project: nothing can come from node_modules.
  runNodeForJson<Load>(
    [loader, pathToFileURL(bundle).href],
    {
      cwd: dirname(bundle),
      env: { ...LAMBDA_ENV, NODE_OPTIONS: nodeOptions, PATH: process.env.PATH ?? '' },
    },
    `loading ${bundle}`,
    node,
  );

export const bundles: Benchmark = {
  name: 'bundles',
  description: `Lambda bundles built with infra/constructs/bundling.ts (as CDK builds them); cold import in ${RUNS} fresh node processes each`,
  async run({ log, node }) {
    const figure = figuresOf('bundles');
    const figures: Figure[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-bundles-'));
    try {
      const entries: Record<Bundle, string> = {
        hello: join(ROOT, 'bench', 'bundles', 'hello.ts'),
        ...Object.fromEntries(
          FUNCTIONS.map((name) => [name, join(ROOT, 'functions', name, 'index.ts')]),
        ),
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
            const load = await loadOnce(node, loader, files[name] ?? '', nodeOptions);
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
                cpuMs: median(loads.map((r) => r.cpuMs)),
              },
            ];
          }),
        ) as Record<Bundle, Load>;
      const deployed = medianOf('deployed');
      const noMaps = medianOf('noMaps');
      const runtime = readsMapsAtImport(node);
      // What Lambda pays: its Node (24) reads a source map only when a stack trace is formatted.
      // An older node here reads it at import, which Lambda does not: the figure is then
      // without it (both are printed).
      const figured = runtime.eager ? noMaps : deployed;
      log(
        `cold start = node ${runtime.version} start-up + import of index.mjs, median of ${RUNS} processes, ` +
          `NODE_OPTIONS=${LAMBDA_NODE_OPTIONS} as deployed (without it in brackets); CPU = the process's user + system time`,
      );
      if (runtime.eager) {
        log(
          `node ${runtime.version} reads source maps at import (Lambda's Node 24 only on a stack trace): ` +
            'the cold-start figures are the bracketed ones; `--node=<node 24>` measures as deployed',
        );
      }
      for (const name of names) {
        const [d, n] = [deployed[name] as Load, noMaps[name] as Load];
        log(
          `${name.padEnd(7)} import ${ms(d.importMs)} (${ms(n.importMs)}), ` +
            `cold start ${ms(d.sinceStartMs)} (${ms(n.sinceStartMs)}), CPU ${ms(d.cpuMs)} (${ms(n.cpuMs)})`,
        );
      }

      for (const name of FUNCTIONS) {
        const maxKib = TARGETS[name]?.maxKib ?? DEFAULT_MAX_KIB;
        const size = sizes[name] ?? 0;
        figures.push(
          figure(
            `${name} bundle (minified)`,
            size,
            kib(size),
            atMost(maxKib * KIB, maxKib === 1024 ? '≤ 1 MiB' : `≤ ${maxKib} KiB`),
          ),
        );
      }
      const hello = figured.hello as Load;
      figures.push(
        figure(
          'hello-world cold start',
          hello.sinceStartMs,
          `${ms(hello.sinceStartMs)} (CPU ${ms(hello.cpuMs)})`,
        ),
      );
      for (const name of FUNCTIONS) {
        const { importMs, sinceStartMs, cpuMs } = figured[name] as Load;
        const ratio = sinceStartMs / hello.sinceStartMs;
        const maxRatio = TARGETS[name]?.maxRatio;
        figures.push(
          figure(`${name} cold import`, importMs, ms(importMs)),
          figure(
            `${name} cold start / hello world`,
            ratio,
            `${ratio.toFixed(2)} (${ms(sinceStartMs)}; CPU ${(cpuMs / hello.cpuMs).toFixed(2)} ×)`,
            maxRatio === undefined ? undefined : atMost(maxRatio, `≤ ${maxRatio}`),
          ),
        );
      }
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
