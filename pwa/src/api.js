// The API client: attaches the in-memory access token, refreshes once on a
// 401, and turns error envelopes into ApiError (its texts: lib/errors.js).
import { shallowRef } from 'vue';
import { token, refresh, session } from './session.js';

/**
 * When the last API answer came from the service worker's cache (it adds
 * X-Gendan-Cached-At, the server's Date of that answer): that time in ms;
 * null once an answer comes from the network again.
 */
export const cachedAt = shallowRef(null);

function noteCached(res) {
  const mark = res.headers.get('X-Gendan-Cached-At');
  if (mark === null) {
    if (cachedAt.value !== null) cachedAt.value = null;
    return;
  }
  const t = Date.parse(mark);
  cachedAt.value = Number.isFinite(t) ? t : 0;
}

export class ApiError extends Error {
  constructor(status, body, retryAfter = 0) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code || (status >= 500 ? 'internal_error' : 'error');
    this.params = body?.error?.params || {};
    this.fields = body?.error?.fields || {};
    this.rows = Array.isArray(body?.error?.rows) ? body.error.rows : [];
    this.retryAfter = retryAfter;
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super('network error');
    this.code = 'network';
    this.cause = cause;
  }
}

async function parse(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try {
    return await res.json();
  } catch {
    return null;
  }
}

async function attempt(method, url, { body, headers = {} }) {
  const h = { ...headers };
  const t = token();
  if (t) h.Authorization = `Bearer ${t}`;
  let payload = body;
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob)) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  try {
    // A hung request on bad mobile data must not hold the outbox forever.
    return await fetch(url, { method, headers: h, body: payload, credentials: 'same-origin', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (e) {
    throw new NetworkError(e);
  }
}

/** Sends a request and returns its response (for callers that need status). */
export async function raw(method, url, opts = {}) {
  let res = await attempt(method, url, opts);
  if (res.status === 401 && (token() || session.offline)) {
    let ok = false;
    try {
      ok = await refresh();
    } catch (e) {
      throw new NetworkError(e);
    }
    if (ok) res = await attempt(method, url, opts);
  }
  if (method === 'GET') noteCached(res);
  return res;
}

/** Sends a request and returns its JSON; throws ApiError or NetworkError. */
export async function request(method, url, opts = {}) {
  const res = await raw(method, url, opts);
  const data = await parse(res);
  if (!res.ok) throw new ApiError(res.status, data, Number(res.headers.get('Retry-After')) || 0);
  return data;
}

export const get = (url) => request('GET', url);

/** The outbox's transport: JSON writes and photo uploads with their key. */
export async function send({ kind, method, url, body, blob, key, onProgress }) {
  if (kind === 'photo') return uploadPhoto(blob, key, onProgress);
  const res = await raw(method, url, { body, headers: { 'Idempotency-Key': key } });
  return { status: res.status, data: await parse(res) };
}

/**
 * The multipart body of a photo upload, built by hand with a boundary made
 * from the Idempotency-Key: a retry sends byte-for-byte the same body, so
 * the server recognises it (FormData would pick a new random boundary and
 * the retry would look like a different request under the same key).
 */
export function photoBody(blob, key) {
  const boundary = `----gendan-${String(key).replace(/[^A-Za-z0-9-]/g, '')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\n` +
    `Content-Type: ${blob.type || 'application/octet-stream'}\r\n\r\n`;
  return { body: new Blob([head, blob, `\r\n--${boundary}--\r\n`]), contentType: `multipart/form-data; boundary=${boundary}` };
}

const UPLOAD_TIMEOUT_MS = 120_000; // a 1 MB photo on 2G still fits
const REQUEST_TIMEOUT_MS = 30_000;

/** POSTs a body with XHR (fetch reports no upload progress). */
function xhrPost(url, { body, headers = {}, onProgress, timeout = UPLOAD_TIMEOUT_MS }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.timeout = timeout;
    const t = token();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t}`);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, data: xhr.response });
    xhr.onerror = () => reject(new NetworkError(new Error('upload failed')));
    xhr.ontimeout = xhr.onerror;
    xhr.send(body);
  });
}

/**
 * Uploads with progress; makeBody() builds the body afresh for the one
 * retry after a 401 and a token refresh. Resolves {status, data}.
 */
export async function postWithProgress(url, makeBody, opts = {}) {
  let r = await xhrPost(url, { ...opts, body: makeBody() });
  if (r.status === 401 && (await refresh().catch(() => false))) r = await xhrPost(url, { ...opts, body: makeBody() });
  return r;
}

/** Uploads one photo with its Idempotency-Key and upload progress. */
export function uploadPhoto(blob, key, onProgress) {
  const { body, contentType } = photoBody(blob, key);
  return postWithProgress('/api/v1/photos', () => body, { headers: { 'Idempotency-Key': key, 'Content-Type': contentType }, onProgress });
}
