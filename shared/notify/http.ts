/** fetch as the notifiers use it; tests and benches may pass their own. */
export type Fetch = typeof globalThis.fetch;

/** How long a destination has to answer (API.md: no answer within 10 s is a failure). */
export const DESTINATION_TIMEOUT_MS = 10_000;

export type HttpAnswer =
  | { readonly ok: true; readonly status: number; readonly text: string }
  | { readonly ok: false; readonly status?: undefined; readonly error: 'timeout' | 'network' };

/**
 * POSTs a body and reads the answer; redirects are answers, not followed (a 3xx is a failed
 * delivery). Network errors and timeouts come back as values, without their details (a URL may
 * hold a secret: a bot token, a Bitrix24 webhook code).
 */
export const post = async (
  fetch: Fetch,
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs = DESTINATION_TIMEOUT_MS,
): Promise<HttpAnswer> => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { ok: true, status: response.status, text };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return {
      ok: false,
      error: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
    };
  }
};

export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
