import type { Context, MiddlewareHandler } from 'hono';
import { safeEqual, sha256Hex } from '../../shared/crypto';
import type { Role } from '../../shared/domain/types';
import { problem } from '../../shared/http/problem';
import type { ApiDeps } from './deps';

export type Principal = {
  readonly keyId: string;
  readonly role: Role;
  readonly managerId?: string | undefined;
};

export type ApiEnv = { Variables: { principal: Principal } };

const bearer = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S{1,500})$/i.exec(header.trim());
  return match?.[1];
};

/**
 * Bearer API keys. The bootstrap admin key comes from configuration; every other key is stored
 * as its sha256 only, looked up by that hash, and refused once revoked.
 */
export const authenticate =
  (deps: Pick<ApiDeps, 'apiKeys' | 'adminApiKey'>): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const key = bearer(c.req.header('authorization'));
    if (!key) return problem(c, 'unauthorized');
    if (deps.adminApiKey && safeEqual(key, deps.adminApiKey)) {
      c.set('principal', { keyId: 'admin', role: 'admin' });
      return next();
    }
    const stored = await deps.apiKeys.findByHash(sha256Hex(key));
    if (!stored || stored.revokedAt) return problem(c, 'unauthorized');
    c.set('principal', { keyId: stored.keyId, role: stored.role, managerId: stored.managerId });
    return next();
  };

const RANK: Record<Role, number> = { manager: 0, head: 1, admin: 2 };

/** True when the caller's role is at least `role`. */
export const hasRole = (c: Context<ApiEnv>, role: Role): boolean =>
  RANK[c.get('principal').role] >= RANK[role];
