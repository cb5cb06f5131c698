// The dashboard's only way out: the rural-dispatch HTTP API (same origin). Public coverage calls
// need no key; operator calls send the key from localStorage as X-API-Key and Bearer token.

const KEY_STORAGE = 'rural-dispatch.apiKey';

/** An API answer that was not 2xx; `status` is the HTTP status, `message` the problem's detail. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The stored API key ('' when none). */
export function storedKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

/** Stores (or, with '', forgets) the API key. */
export function storeKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    /* storage disabled: the key lives for this page only */
  }
}

/** GET `path` (with `query` parameters) as JSON; `auth` adds the API key. Throws ApiError. */
export async function getJson(path, query = {}, auth = false) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  const headers = { accept: 'application/json, application/geo+json, application/problem+json' };
  if (auth) {
    const key = storedKey();
    if (key) {
      headers['x-api-key'] = key;
      headers.authorization = `Bearer ${key}`;
    }
  }
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const msg = (body && (body.detail || body.title)) || `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, msg);
  }
  return body;
}

/** URL (same origin) with query parameters, for export links. */
export function apiUrl(path, query = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  return url.pathname + url.search;
}

/** A list out of a list-shaped answer: the array itself or its `items` / `runs` / `counties` / `data` member. */
export function listOf(body, ...names) {
  if (Array.isArray(body)) return body;
  for (const n of [...names, 'items', 'data']) if (body && Array.isArray(body[n])) return body[n];
  return [];
}
