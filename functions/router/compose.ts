import { composeCallDeps } from '../../shared/compose-lead-deps';
import type { Config } from '../../shared/config';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createRouterHandler, type RouterDeps } from './handler';

/** The router's clients and adapters, built once per cold start; AWS and local/ both use it. */
export const composeRouterDeps = (config: Config, runtime: Runtime = systemRuntime): RouterDeps =>
  composeCallDeps(config, runtime);

export const composeRouter = (config: Config, runtime: Runtime = systemRuntime) =>
  createRouterHandler(composeRouterDeps(config, runtime));
