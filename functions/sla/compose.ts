import { composeCallDeps } from '../../shared/compose-lead-deps';
import type { Config } from '../../shared/config';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createSlaHandler, type SlaDeps } from './handler';

export const composeSlaDeps = (config: Config, runtime: Runtime = systemRuntime): SlaDeps =>
  composeCallDeps(config, runtime);

export const composeSla = (config: Config, runtime: Runtime = systemRuntime) =>
  createSlaHandler(composeSlaDeps(config, runtime));
