import { composeLeadDeps } from '../../shared/compose-lead-deps';
import type { Config } from '../../shared/config';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createSlaHandler } from './handler';

export const composeSla = (config: Config, runtime: Runtime = systemRuntime) =>
  createSlaHandler(composeLeadDeps(config, runtime));
