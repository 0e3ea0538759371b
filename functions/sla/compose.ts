import { composeLeadDeps } from '../../shared/compose-lead-deps';
import type { Config } from '../../shared/config';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import type { LeadDeps } from '../../shared/usecases/lead-deps';
import { createSlaHandler } from './handler';

export const composeSlaDeps = (config: Config, runtime: Runtime = systemRuntime): LeadDeps =>
  composeLeadDeps(config, runtime);

export const composeSla = (config: Config, runtime: Runtime = systemRuntime) =>
  createSlaHandler(composeSlaDeps(config, runtime));
