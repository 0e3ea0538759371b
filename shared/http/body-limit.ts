import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * hono's bodyLimit, answering from the declared Content-Length first: a request that declares
 * its length (every one from API Gateway, and the Lambda adapter sets it) is judged by it
 * without touching the body's stream; one without (chunked) is counted as hono counts it.
 */
export const limitBody = (options: {
  readonly maxSize: number;
  readonly onError: (c: Context) => Response | Promise<Response>;
}): MiddlewareHandler => {
  const streamed = bodyLimit(options);
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) {
      return streamed(c, next);
    }
    if (Number.parseInt(declared, 10) > options.maxSize) return options.onError(c);
    await next();
  };
};
