import { composeLeadDeps } from '../../shared/compose-lead-deps';
import type { Config } from '../../shared/config';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createSlaHandler, type SlaDeps } from './handler';

export const composeSlaDeps = (config: Config, runtime: Runtime = systemRuntime): SlaDeps => ({
  ...composeLeadDeps(config, runtime),
  thresholds: config.thresholds,
  callFinalizeAfterSeconds: config.callFinalizeAfterSeconds,
});

export const composeSla = (config: Config, runtime: Runtime = systemRuntime) =>
  createSlaHandler(composeSlaDeps(config, runtime));
