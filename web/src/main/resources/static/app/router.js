// Hash routing: #/signin, #/projects, #/projects/<id>, #/projects/<id>/runs/<run_id>,
// #/projects/<id>/ingest, #/projects/<id>/datasets/<dataset_id>, #/projects/<id>/datasets/<dataset_id>/ingest,
// #/projects/<id>/datasets/<dataset_id>/profile (the dataset page, scrolled to its profile).

/** The route of a location hash: {name, params, key}. */
export function parseRoute(hash) {
  const path = (hash || '').replace(/^#/, '');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  let route;
  if (parts.length === 0) {
    route = { name: 'home', params: {} };
  } else if (parts[0] === 'signin' && parts.length === 1) {
    route = { name: 'signin', params: {} };
  } else if (parts[0] === 'projects' && parts.length === 1) {
    route = { name: 'projects', params: {} };
  } else if (parts[0] === 'projects' && parts.length === 2) {
    route = { name: 'project', params: { projectId: parts[1] } };
  } else if (parts[0] === 'projects' && parts.length === 4 && parts[2] === 'runs') {
    route = { name: 'run', params: { projectId: parts[1], runId: parts[3] } };
  } else if (parts[0] === 'projects' && parts.length === 3 && parts[2] === 'ingest') {
    route = { name: 'ingest', params: { projectId: parts[1] } };
  } else if (parts[0] === 'projects' && parts.length === 4 && parts[2] === 'datasets') {
    route = { name: 'dataset', params: { projectId: parts[1], datasetId: parts[3] } };
  } else if (parts[0] === 'projects' && parts.length === 5 && parts[2] === 'datasets' && parts[4] === 'profile') {
    route = { name: 'dataset', params: { projectId: parts[1], datasetId: parts[3], focus: 'profile' } };
  } else if (parts[0] === 'projects' && parts.length === 5 && parts[2] === 'datasets' && parts[4] === 'ingest') {
    route = { name: 'ingest', params: { projectId: parts[1], datasetId: parts[3] } };
  } else {
    route = { name: 'notfound', params: { path } };
  }
  route.key = `${route.name}:${JSON.stringify(route.params)}`;
  return route;
}

/** The hash of a route, ids encoded. */
export function href(...segments) {
  return `#/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
}

export const routes = {
  signin: () => '#/signin',
  projects: () => '#/projects',
  project: (projectId) => href('projects', projectId),
  run: (projectId, runId) => href('projects', projectId, 'runs', runId),
  dataset: (projectId, datasetId) => href('projects', projectId, 'datasets', datasetId),
  /** The dataset page, scrolled to its latest profile. */
  datasetProfile: (projectId, datasetId) => href('projects', projectId, 'datasets', datasetId, 'profile'),
  /** The ingest form; with a dataset: a new version of it (its name filled in). */
  ingest: (projectId, datasetId) => (datasetId
    ? href('projects', projectId, 'datasets', datasetId, 'ingest')
    : href('projects', projectId, 'ingest')),
};

export function navigate(hash) {
  if (window.location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}
