import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEsbuildOptions } from '../../bench/bundles/esbuild-options';
import { runNodeForJson } from '../../bench/support/child-json';
import { buildDashboardAssets } from '../../functions/api/dashboard/build';
import { LAMBDA_BUNDLING } from '../../infra/constructs/bundling';

const ROOT = resolve(import.meta.dirname, '../..');

/** Imports the bundle as the Lambda runtime does and asks its handler for the dashboard. */
const INVOKER = `
const { handler } = await import(process.argv[2]);
const get = async (path) => {
  const [rawPath, rawQueryString = ''] = path.split('?');
  const response = await handler({
    version: '2.0', routeKey: '$default', rawPath, rawQueryString, cookies: [],
    headers: { host: 'api.example.com' }, isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012', apiId: 'api', domainName: 'api.example.com', domainPrefix: 'api',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0,
    },
  }, {});
  return { status: response.statusCode, type: response.headers['content-type'], body: response.body };
};
const page = await get('/dashboard');
const js = page.body.match(/dashboard\\/app\\.js\\?v=\\w+/)[0];
const css = page.body.match(/dashboard\\/app\\.css\\?v=\\w+/)[0];
process.stdout.write(JSON.stringify({ page, js: await get('/' + js), css: await get('/' + css) }));
`;

describe('the api function as CDK bundles it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-api-bundle-'));
  const outfile = join(dir, 'index.mjs');
  let metafile: Metafile;

  beforeAll(async () => {
    const result = await build(
      toEsbuildOptions(LAMBDA_BUNDLING, join(ROOT, 'functions/api/index.ts'), outfile),
    );
    metafile = result.metafile as Metafile;
    writeFileSync(join(dir, 'invoke.mjs'), INVOKER);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('carries the dashboard already built, and neither esbuild nor the code that builds it', () => {
    const inputs = Object.keys(metafile.inputs);

    expect(inputs.some((path) => path.includes('functions/api/dashboard/routes.ts'))).toBe(true);
    expect(
      inputs.filter((path) => /node_modules\/esbuild\/|dashboard\/build\.ts/.test(path)),
    ).toEqual([]);
  });

  it('serves the same script and style sheet as npm start and the tests build', async () => {
    const served = await runNodeForJson<
      Record<'page' | 'js' | 'css', { status: number; type: string; body: string }>
    >(
      [join(dir, 'invoke.mjs'), pathToFileURL(outfile).href],
      {
        cwd: dirname(outfile), // outside the project: nothing can come from node_modules
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          TABLE_NAME: 'switchboard',
          POWERTOOLS_LOG_LEVEL: 'SILENT',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
      'invoking the bundled api',
    );
    const built = buildDashboardAssets();

    expect(served.page.status).toBe(200);
    expect(served.js).toEqual({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      body: built.js,
    });
    expect(served.css).toEqual({ status: 200, type: 'text/css; charset=utf-8', body: built.css });
  });

  it('stays far below the 128 KiB esbuild takes in one command-line argument', () => {
    for (const value of Object.values(LAMBDA_BUNDLING.define)) {
      expect(Buffer.byteLength(value)).toBeLessThan(96 * 1024);
    }
  });
});
