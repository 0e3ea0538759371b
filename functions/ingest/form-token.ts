import type { Context } from 'hono';

const bearer = (header: string | undefined): string | undefined =>
  header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;

/**
 * The site token a form post presents outside its body (Authorization: Bearer, or `?token=`),
 * before anything says whether it is the site's. A `token` field in the body is read with it.
 */
export const presentedToken = (c: Context): string | undefined =>
  bearer(c.req.header('authorization')) || c.req.query('token') || undefined;
