import { composeLeadDeps } from '../../shared/compose-lead-deps';
import type { Config } from '../../shared/config';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createRouterHandler } from './handler';

/** Builds the router's clients and adapters once per cold start; AWS and local/ both use it. */
export const composeRouter = (config: Config, runtime: Runtime = systemRuntime) =>
  createRouterHandler({
    ...composeLeadDeps(config, runtime),
    thresholds: config.thresholds,
    ...(runtime.beforeRouterRecord ? { beforeRecord: runtime.beforeRouterRecord } : {}),
  });
