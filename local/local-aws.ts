/** Region and credentials the local servers accept (any value works; these are explicit). */
export const LOCAL_REGION = 'us-east-1';
export { LOCAL_CREDENTIALS } from '../shared/config';
