import type { Problem } from './types';

/** A refusal or failure the API answered with; `body` is its problem JSON when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: Problem | undefined;

  constructor(status: number, body: Problem | undefined) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * The API read with one key, by relative URLs (the page is /dashboard, the API /v1/…, on the
 * same origin: the page's CSP allows no other). Nothing is cached by the browser.
 */
export const createApiClient = (key: string) => {
  const request = async (
    path: string,
    init: { accept: string; method?: string; body?: unknown },
  ) => {
    const response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${key}`,
        Accept: init.accept,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      cache: 'no-store',
    });
    if (!response.ok) {
      let body: Problem | undefined;
      try {
        body = (await response.json()) as Problem;
      } catch {
        body = undefined;
      }
      throw new ApiError(response.status, body);
    }
    return response;
  };

  return {
    /** GET, answered as JSON. */
    get: async <T>(path: string): Promise<T> =>
      (await request(path, { accept: 'application/json' })).json() as Promise<T>,
    /** POST a JSON body (or none), answered as JSON. */
    post: async <T>(path: string, body?: unknown): Promise<T> =>
      (
        await request(path, { accept: 'application/json', method: 'POST', body })
      ).json() as Promise<T>,
    /** GET as a CSV file. */
    csv: (path: string): Promise<Response> => request(path, { accept: 'text/csv' }),
  };
};
