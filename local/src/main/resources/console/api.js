// The console's calls: /console/api/<payhook route>, signed by the console's server (never in the browser).

let session = null;

/** An error from the API: its stable code and its sentence. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function answer(res) {
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!res.ok) {
    if (body && body.message) throw new ApiError(res.status, body.error, body.message);
    throw new ApiError(res.status, 'http_' + res.status, 'The console\'s server answered ' + res.status + '.');
  }
  return body;
}

/** The session (CSRF token, mode, API host): read once. */
export async function currentSession() {
  if (!session) {
    const res = await fetch('api/session', {credentials: 'same-origin', cache: 'no-store'});
    session = await answer(res);
  }
  return session;
}

/** GET a payhook route, e.g. get('/transactions', {merchant: 'x', status: ['A', 'B']}). */
export async function get(path, params) {
  const res = await fetch('api' + path + query(params), {credentials: 'same-origin', cache: 'no-store'});
  return answer(res);
}

/** POST a JSON body to a payhook route, with the session's CSRF token. */
export async function post(path, body) {
  const s = await currentSession();
  const res = await fetch('api' + path, {
    method: 'POST', credentials: 'same-origin', cache: 'no-store',
    headers: {'Content-Type': 'application/json', 'X-Payhook-Console-Token': s.csrf_token},
    body: JSON.stringify(body || {})
  });
  return answer(res);
}

/** A query string (values encoded with %20 for a space: the API reads '+' as a plus sign). */
export function query(params) {
  if (!params) return '';
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    const values = Array.isArray(v) ? v : [v];
    for (const one of values) {
      if (one === null || one === undefined || one === '') continue;
      parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(one));
    }
  }
  return parts.length ? '?' + parts.join('&') : '';
}
