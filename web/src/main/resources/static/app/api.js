// The REST client of the UI: fetch with the bearer token, JSON in and out, RFC 9457 problems turned
// into ApiError. The UI talks to nothing but this module, and this module to nothing but /api.

const API_BASE = '/api';
const TOKEN_KEY = 'data-analyst.token';

/** Fired on window when the server answers 401: the token is missing, unknown or revoked. */
export const UNAUTHORIZED_EVENT = 'da-unauthorized';

/** An error answer of the API (or no answer at all: status 0). */
export class ApiError extends Error {
  constructor(status, title, detail, problem = null) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
}

export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

function url(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return API_BASE + path + (search ? `?${search}` : '');
}

/** An id from the server goes into a path segment: never let it change the path. */
export function seg(id) {
  return encodeURIComponent(String(id));
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  try {
    if (type.includes('json')) {
      const body = await response.json();
      return {
        problem: body,
        title: body.title || response.statusText,
        detail: body.detail || body.message || body.title || '',
      };
    }
    const text = (await response.text()).trim();
    const short = text.length > 300 || text.startsWith('<') ? '' : text;
    return { problem: null, title: response.statusText, detail: short };
  } catch {
    return { problem: null, title: response.statusText, detail: '' };
  }
}

/**
 * One call to the API. Options: query (object), body (JSON-serialised), token (overrides the stored
 * one, for validating a token before keeping it), signal (AbortSignal), raw (return the Response),
 * quiet401 (do not announce a 401 to the app).
 */
export async function request(method, path, options = {}) {
  const { query, body, signal, raw = false, quiet401 = false } = options;
  const token = options.token ?? getToken();
  const headers = { Accept: 'application/json, application/problem+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error',
      'The server could not be reached. Check that it is running, then try again.');
  }
  if (!response.ok) {
    const { problem, title, detail } = await problemOf(response);
    const error = new ApiError(response.status, title, detail, problem);
    if (response.status === 401 && !quiet401) {
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: error }));
    }
    throw error;
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** The name a download should get: Content-Disposition's filename, else the fallback. */
export function filenameOf(disposition, fallback) {
  if (disposition) {
    const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
    if (star) {
      try {
        return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
      } catch {
        // fall through to the plain form
      }
    }
    const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition);
    if (plain) return (plain[2] ?? plain[1]).trim();
  }
  return fallback;
}

/** Saves a blob under a file name through a temporary object URL. */
export function saveBlob(blob, filename) {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename || 'download';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

export const api = {
  health: () => request('GET', '/health'),
  me: (token) => request('GET', '/me', token ? { token, quiet401: true } : {}),

  listProjects: (offset = 0, limit = 20, signal) =>
    request('GET', '/projects', { query: { offset, limit }, signal }),
  getProject: (id, signal) => request('GET', `/projects/${seg(id)}`, { signal }),
  createProject: (name, description) =>
    request('POST', '/projects', { body: description ? { name, description } : { name } }),
  deleteProject: (id) => request('DELETE', `/projects/${seg(id)}`),

  listDatasets: (projectId, offset = 0, limit = 50, signal) =>
    request('GET', `/projects/${seg(projectId)}/datasets`, { query: { offset, limit }, signal }),
  getDataset: (projectId, datasetId, offset = 0, limit = 20, signal) =>
    request('GET', `/projects/${seg(projectId)}/datasets/${seg(datasetId)}`, { query: { offset, limit }, signal }),
  datasetVersion: (projectId, datasetId, number, signal) =>
    request('GET', `/projects/${seg(projectId)}/datasets/${seg(datasetId)}/versions/${seg(number)}`, { signal }),
  datasetDrift: (projectId, datasetId, from, to, signal) =>
    request('GET', `/projects/${seg(projectId)}/datasets/${seg(datasetId)}/drift`, { query: { from, to }, signal }),
  datasetPreview: (projectId, datasetId, version, limit = 50, signal) =>
    request('GET', `/projects/${seg(projectId)}/datasets/${seg(datasetId)}/preview`, { query: { version, limit }, signal }),
  /** JSON ingest: {name, source: {kind, location, options}, on_error, force} → {dataset, run, upload}. */
  ingest: (projectId, body) => request('POST', `/projects/${seg(projectId)}/datasets`, { body }),
  /** Multipart ingest of a browser file, with upload progress: see uploadDataset. */
  uploadDataset: (projectId, fields, file, options) => uploadDataset(projectId, fields, file, options),

  connectors: (signal) => request('GET', '/connectors', { query: { limit: 500 }, signal }),
  sourceTables: (projectId, kind, source, signal) =>
    request('POST', `/projects/${seg(projectId)}/connectors/${seg(kind)}/tables`, { body: source, signal }),
  listSecrets: (projectId, signal) =>
    request('GET', `/projects/${seg(projectId)}/secrets`, { query: { limit: 500 }, signal }),
  putSecret: (projectId, name, value) =>
    request('PUT', `/projects/${seg(projectId)}/secrets/${seg(name)}`, { body: { value } }),

  runTypes: (signal) => request('GET', '/run-types', { signal }),
  listRuns: (projectId, offset = 0, limit = 20, signal) =>
    request('GET', `/projects/${seg(projectId)}/runs`, { query: { offset, limit }, signal }),
  getRun: (projectId, runId, signal) =>
    request('GET', `/projects/${seg(projectId)}/runs/${seg(runId)}`, { signal }),
  startRun: (projectId, run) => request('POST', `/projects/${seg(projectId)}/runs`, { body: run, raw: true })
    .then(async (response) => ({ created: response.status === 202 || response.status === 201,
      run: await response.json() })),
  cancelRun: (projectId, runId) =>
    request('POST', `/projects/${seg(projectId)}/runs/${seg(runId)}/cancel`),
  runLog: (projectId, runId, offset = 0, signal) =>
    request('GET', `/projects/${seg(projectId)}/runs/${seg(runId)}/log`, { query: { offset }, signal }),
  runArtifacts: (projectId, runId, signal) =>
    request('GET', `/projects/${seg(projectId)}/runs/${seg(runId)}/artifacts`, { signal }),
  /** The content of an artifact parsed as JSON (e.g. a profile's profile.json). */
  artifactJson: (projectId, artifactId, signal) =>
    request('GET', `/projects/${seg(projectId)}/artifacts/${seg(artifactId)}`, { signal }),
  /** The path of an artifact's content (for links; fetching it needs the token, see downloadArtifact). */
  artifactPath: (projectId, artifactId) => `${API_BASE}/projects/${seg(projectId)}/artifacts/${seg(artifactId)}`,
  /** POST a profile run of a dataset's latest version: {created, run}; created is false when an equal run was reused. */
  profileDataset: (projectId, datasetId, force = false) =>
    api.startRun(projectId, force ? { type: 'profile', dataset_id: datasetId, force: true }
      : { type: 'profile', dataset_id: datasetId }),
  profilers: (signal) => request('GET', '/profilers', { signal }),
  /** The rule checks declared for a dataset: {dataset_id, rules, updated_at}. */
  datasetRules: (projectId, datasetId, signal) =>
    request('GET', `/projects/${seg(projectId)}/datasets/${seg(datasetId)}/rules`, { signal }),
  /** Replaces the whole list of a dataset's rules ([] removes them all); a 400's detail names every bad rule. */
  putDatasetRules: (projectId, datasetId, rules) =>
    request('PUT', `/projects/${seg(projectId)}/datasets/${seg(datasetId)}/rules`, { body: { rules } }),

  /** Artifacts need the bearer token: fetch them as a blob and save that. */
  async downloadArtifact(projectId, artifact) {
    const response = await request('GET', `/projects/${seg(projectId)}/artifacts/${seg(artifact.id)}`,
      { raw: true });
    const blob = await response.blob();
    saveBlob(blob, filenameOf(response.headers.get('Content-Disposition'), artifact.name));
  },
};

/**
 * POST /projects/{id}/datasets as multipart/form-data: the text fields first, the file last, so the
 * server knows name, kind and options before the bytes arrive and streams the file to disk. Uses
 * XMLHttpRequest because fetch reports no upload progress. Options: onProgress(loaded, total),
 * signal (AbortSignal: aborts the upload). Answers the parsed 202 body; fails with ApiError like request().
 */
export function uploadDataset(projectId, fields, file, { onProgress, signal } = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields || {})) {
    if (value !== undefined && value !== null && value !== '') form.append(key, String(value));
  }
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(`/projects/${seg(projectId)}/datasets`));
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    }
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.addEventListener('abort', () => {
      done();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    });
    xhr.addEventListener('error', () => {
      done();
      reject(new ApiError(0, 'Network error',
        'The upload did not reach the server, or the connection broke during it. Check that the server is running, then try again.'));
    });
    xhr.addEventListener('load', () => {
      done();
      const text = xhr.responseText || '';
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
        return;
      }
      const detail = body ? (body.detail || body.message || body.title || '')
        : (text.length > 300 || text.trim().startsWith('<') ? '' : text.trim());
      const tooLarge = xhr.status === 413 && !detail
        ? `The file is larger than the server accepts for uploads (${file.name}).` : detail;
      const error = new ApiError(xhr.status, body?.title || xhr.statusText, tooLarge, body);
      if (xhr.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: error }));
      reject(error);
    });
    if (signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    xhr.send(form);
  });
}

/** The items of a list answer, whether paged ({items}) or a plain array. */
export function itemsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return (answer && Array.isArray(answer.items)) ? answer.items : [];
}
