import { loadConfig } from '../../shared/config';
import { composeRouter } from './compose';

export const handler = composeRouter(loadConfig(process.env));
