import { expect } from 'vitest';
import type { TestStack } from './test-stack';

type Client = Pick<TestStack, 'api' | 'request' | 'toJson'>;

export const SITE_ORIGIN = 'https://shop.example';
export const SITE_TOKEN = 'site-token-0123456789abcdef';

/** Registers a site (origins + token) through the API, as a sales head would. */
export const seedSite = async (
  t: Client,
  siteKey = 'shop',
  extra: Record<string, unknown> = {},
) => {
  const response = await t.api('PUT', `/v1/sites/${siteKey}`, {
    name: 'Shop',
    allowedOrigins: [SITE_ORIGIN],
    token: SITE_TOKEN,
    ...extra,
  });
  expect(response.status).toBe(200);
  return response.body;
};

export const seedManager = async (t: Client, id: string, extra: Record<string, unknown> = {}) => {
  const response = await t.api('PUT', `/v1/managers/${id}`, {
    name: `Manager ${id}`,
    team: 'acquisition',
    extensions: [],
    active: true,
    ...extra,
  });
  expect(response.status).toBe(200);
  return response.body;
};

/**
 * Takes every manager off duty (kept as they are otherwise), so that a test alone decides who is
 * at work, whatever the file's other tests left active.
 */
export const deactivateManagers = async (t: Client) => {
  const managers = await t.api('GET', '/v1/managers');
  expect(managers.status).toBe(200);
  for (const m of managers.body.items) {
    const response = await t.api('PUT', `/v1/managers/${m.id}`, {
      name: m.name,
      team: m.team,
      extensions: m.extensions,
      phones: m.phones,
      weight: m.weight,
      active: false,
      ...(m.workingHours ? { workingHours: m.workingHours } : {}),
    });
    expect(response.status).toBe(200);
  }
};

/** Posts a form the way a browser on the site does (Origin header), urlencoded by default. */
export const postForm = (
  t: Client,
  siteKey: string,
  body: string | FormData | Record<string, unknown>,
  init: { headers?: Record<string, string>; contentType?: string | null } = {},
) => {
  const isObject = typeof body === 'object' && !(body instanceof FormData);
  const contentType =
    init.contentType === undefined
      ? isObject
        ? 'application/json'
        : body instanceof FormData
          ? undefined
          : 'application/x-www-form-urlencoded'
      : init.contentType;
  return t
    .request(`/v1/forms/${siteKey}`, {
      method: 'POST',
      headers: {
        Origin: SITE_ORIGIN,
        ...(contentType ? { 'Content-Type': contentType } : {}),
        ...init.headers,
      },
      body: isObject ? JSON.stringify(body) : (body as string | FormData),
    })
    .then(t.toJson);
};
