import { loadConfig } from '../../shared/config';
import { composeSla } from './compose';

export const handler = composeSla(loadConfig(process.env));
