import type { FormFields } from '../../shared/channels/forms';
import type { Issue } from '../../shared/channels/types';

export type BodyResult =
  | { readonly ok: true; readonly fields: FormFields }
  | { readonly ok: false; readonly status: 400 | 415; readonly issues?: readonly Issue[] };

const MAX_DEPTH = 3;

/**
 * Reads a form post into field → values, whatever the encoding: JSON (from fetch), urlencoded
 * (HTML forms, Tilda, Elementor), multipart (forms with file inputs; files are not kept), or
 * text/plain carrying either (fetch without a preflight).
 */
export const readFormBody = async (request: Request): Promise<BodyResult> => {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  try {
    if (type === 'application/json') return fromJson(await request.text());
    if (type === 'application/x-www-form-urlencoded') return fromUrlEncoded(await request.text());
    if (type === 'multipart/form-data') return fromMultipart(await request.formData());
    if (type === 'text/plain') {
      const text = await request.text();
      return text.trimStart().startsWith('{') ? fromJson(text) : fromUrlEncoded(text);
    }
  } catch {
    return {
      ok: false,
      status: 400,
      issues: [{ path: '', message: 'the body could not be read' }],
    };
  }
  return { ok: false, status: 415 };
};

const fromUrlEncoded = (text: string): BodyResult => {
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(text)) append(fields, name, value);
  return { ok: true, fields };
};

const fromMultipart = (form: FormData): BodyResult => {
  const fields = new Map<string, string[]>();
  for (const [name, value] of form) {
    if (typeof value === 'string') append(fields, name, value);
  }
  return { ok: true, fields };
};

const fromJson = (text: string): BodyResult => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      status: 400,
      issues: [{ path: '', message: 'the body is not valid JSON' }],
    };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      status: 400,
      issues: [{ path: '', message: 'the body must be a JSON object' }],
    };
  }
  const fields = new Map<string, string[]>();
  const issues: Issue[] = [];
  flatten(value as Record<string, unknown>, '', 1, fields, issues);
  return issues.length > 0 ? { ok: false, status: 400, issues } : { ok: true, fields };
};

const flatten = (
  object: Record<string, unknown>,
  prefix: string,
  depth: number,
  fields: Map<string, string[]>,
  issues: Issue[],
): void => {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') append(fields, name, value);
    else if (typeof value === 'number' || typeof value === 'boolean')
      append(fields, name, String(value));
    else if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
          append(fields, name, String(item));
        } else {
          issues.push({ path: name, message: 'lists may hold only strings, numbers or booleans' });
          return;
        }
      }
    } else if (typeof value === 'object') {
      if (depth >= MAX_DEPTH) {
        issues.push({ path: name, message: `objects may nest at most ${MAX_DEPTH} levels` });
        return;
      }
      flatten(value as Record<string, unknown>, name, depth + 1, fields, issues);
    }
  }
};

const append = (fields: Map<string, string[]>, name: string, value: string): void => {
  const list = fields.get(name);
  if (list) list.push(value);
  else fields.set(name, [value]);
};
