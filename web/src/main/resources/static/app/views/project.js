import { html, nothing } from 'lit';
import { api, itemsOf } from '../api.js';
import { confirmDialog } from '../confirm.js';
import { bytes, isActive, progressBar, shortId, statusBadge, TERMINAL, time } from '../format.js';
import { aborted, LightElement } from '../light-element.js';
import { navigate, routes } from '../router.js';
import { pager } from './pager.js';
import { collectOptions, renderOptions } from './run-options.js';
import './catalog.js';

const RUNS_PAGE = 20;
const POLL_MS = 2000;

class DaProject extends LightElement {
  static properties = {
    projectId: {},
    project: { state: true },
    projectError: { state: true },
    runs: { state: true },
    runsError: { state: true },
    runTypes: { state: true },
    runTypesError: { state: true },
    selectedType: { state: true },
    starting: { state: true },
    startError: { state: true },
    datasets: { state: true },
    artifacts: { state: true },
    artifactsError: { state: true },
    downloading: { state: true },
  };

  constructor() {
    super();
    this.project = null;
    this.projectError = null;
    this.runs = null;
    this.runsOffset = 0;
    this.runsError = null;
    this.runTypes = null;
    this.runTypesError = null;
    this.selectedType = '';
    this.starting = false;
    this.startError = null;
    this.datasets = null;
    this.artifacts = null;
    this.artifactsError = null;
    this.downloading = null;
    this.artifactRunsKey = '';
  }

  connectedCallback() {
    super.connectedCallback();
    this.loadAll();
  }

  async loadAll() {
    try {
      this.project = await api.getProject(this.projectId, this.signal);
      document.title = `${this.project.name} · data-analyst`;
    } catch (e) {
      if (aborted(e)) return;
      this.projectError = e;
      document.title = 'Project not found · data-analyst';
      return;
    }
    this.loadRunTypes();
    this.loadDatasets();
    this.loadRuns();
  }

  async loadRunTypes() {
    try {
      const types = itemsOf(await api.runTypes(this.signal));
      this.runTypes = types;
      if (!this.selectedType && types.length) {
        this.selectedType = (types.find((t) => t.name === 'check') || types[0]).name;
      }
    } catch (e) {
      if (!aborted(e)) this.runTypesError = e.message;
    }
  }

  /** The datasets for the run form's dataset select (the catalog table loads its own pages). */
  async loadDatasets() {
    try {
      this.datasets = itemsOf(await api.listDatasets(this.projectId, 0, 500, this.signal));
    } catch (e) {
      if (aborted(e)) return;
      this.datasets = []; // the catalog below says why; the run form just offers no dataset
    }
  }

  async loadRuns(offset = this.runsOffset) {
    try {
      const page = await api.listRuns(this.projectId, offset, RUNS_PAGE, this.signal);
      this.runs = page;
      this.runsOffset = page.offset ?? offset;
      this.runsError = null;
    } catch (e) {
      if (aborted(e)) return;
      this.runsError = e.message;
    }
    this.loadArtifacts();
    // A run that was live and has ended may have changed a dataset (a new version, a new profile): reload the catalog.
    const live = new Set(itemsOf(this.runs).filter(isActive).map((r) => r.id));
    const ended = [...(this.liveRunIds ?? [])].some((id) => !live.has(id));
    this.liveRunIds = live;
    if (ended) this.querySelector('da-dataset-catalog')?.load();
    this.clearTimers();
    if (itemsOf(this.runs).some(isActive) || this.runsError) {
      this.later(() => this.loadRuns(), POLL_MS);
    }
  }

  /** The artifacts of the finished runs on the current page of runs (reloaded when that set changes). */
  async loadArtifacts() {
    const finished = itemsOf(this.runs).filter((r) => TERMINAL.has(r.status));
    const key = finished.map((r) => r.id).join(',');
    if (key === this.artifactRunsKey && this.artifacts) return;
    this.artifactRunsKey = key;
    const results = await Promise.allSettled(
      finished.map((run) => api.runArtifacts(this.projectId, run.id, this.signal)
        .then((answer) => itemsOf(answer).map((a) => ({ ...a, run })))),
    );
    if (!this.isConnected) return;
    const failed = results.filter((r) => r.status === 'rejected' && !aborted(r.reason));
    this.artifacts = results.filter((r) => r.status === 'fulfilled').flatMap((r) => r.value);
    this.artifactsError = failed.length ? `Could not list the artifacts of ${failed.length} run(s): ${failed[0].reason.message}` : null;
  }

  async startRun(event) {
    event.preventDefault();
    const form = event.target;
    const type = (this.runTypes || []).find((t) => t.name === this.selectedType);
    if (!type) {
      this.startError = 'Choose a run type.';
      return;
    }
    const { params, errors } = collectOptions(type.options_schema, form);
    const invalid = new Set(errors.map((e) => e.key));
    for (const el of form.querySelectorAll('[data-option]')) {
      if (invalid.has(el.dataset.option)) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
    if (errors.length) {
      this.startError = errors.map((e) => e.message).join(' ');
      form.querySelector(`[data-option="${CSS.escape(errors[0].key)}"]`)?.focus();
      return;
    }
    const body = { type: type.name, params, force: form.elements.force.checked };
    const datasetId = form.elements.dataset?.value;
    if (datasetId) body.dataset_id = datasetId;
    this.starting = true;
    this.startError = null;
    try {
      const { created, run } = await api.startRun(this.projectId, body);
      this.notify(created
        ? `Run ${shortId(run.id)} (${run.type}) started.`
        : `An identical run already exists: showing run ${shortId(run.id)}. Tick "Force a new run" to run again.`,
      'info', true);
      navigate(routes.run(this.projectId, run.id));
    } catch (e) {
      this.startError = e.detail || e.message;
    } finally {
      this.starting = false;
    }
  }

  download(artifact) {
    return downloadArtifact(this, this.projectId, artifact);
  }

  async deleteProject() {
    const ok = await confirmDialog({
      title: 'Delete project?',
      message: html`The project <strong>${this.project.name}</strong> will be deleted with all its datasets,
        runs, logs and artifacts. This cannot be undone.`,
      confirmLabel: 'Delete project',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteProject(this.projectId);
      this.notify(`Project "${this.project.name}" was deleted.`, 'info', true);
      navigate(routes.projects());
    } catch (e) {
      this.notify(`Could not delete the project: ${e.message}`, 'error');
    }
  }

  renderRuns() {
    if (this.runsError && !this.runs) {
      return html`<p class="error-text" role="alert">Could not load the runs: ${this.runsError}</p>`;
    }
    if (!this.runs) return html`<p aria-busy="true">Loading runs…</p>`;
    const runs = itemsOf(this.runs);
    if (this.runs.total === 0 || runs.length === 0) {
      return html`<p class="empty" data-testid="runs-empty">No runs yet. Start one with the form.</p>`;
    }
    return html`
      <div class="overflow-auto">
        <table data-testid="runs-table" class="runs">
          <thead><tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Progress</th>
            <th scope="col">Created</th><th scope="col">Finished</th></tr></thead>
          <tbody>
            ${runs.map((r) => html`
              <tr data-testid="run-row" data-run-id=${r.id} data-run-status=${r.status}>
                <th scope="row"><a href=${routes.run(this.projectId, r.id)} data-testid="run-link">
                  ${r.type}</a> <small class="muted mono" title=${r.id}>${shortId(r.id)}</small></th>
                <td>${statusBadge(r.status)}</td>
                <td class="progress-cell">${progressBar(r)}
                  ${r.progress?.message ? html`<small class="muted">${r.progress.message}</small>` : nothing}</td>
                <td class="nowrap">${time(r.created_at)}</td>
                <td class="nowrap">${TERMINAL.has(r.status) ? time(r.finished_at) : html`<span class="muted">—</span>`}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${this.runsError ? html`<p class="error-text" role="alert">Refreshing failed: ${this.runsError}</p>` : nothing}
      ${pager(this.runs, (offset) => this.loadRuns(offset), 'runs')}`;
  }

  renderStartRun() {
    if (this.runTypesError) {
      return html`<p class="error-text" role="alert">Could not load the run types: ${this.runTypesError}</p>`;
    }
    if (!this.runTypes) return html`<p aria-busy="true">Loading run types…</p>`;
    if (this.runTypes.length === 0) {
      return html`<p class="empty">No run types are available: no plugin offers one right now.</p>`;
    }
    const type = this.runTypes.find((t) => t.name === this.selectedType);
    const datasets = this.datasets || [];
    return html`
      <form data-testid="start-run-form" @submit=${this.startRun} novalidate>
        <label for="run-type">Run type</label>
        <select id="run-type" name="type" data-testid="run-type-select" aria-describedby="run-type-help"
          @change=${(e) => { this.selectedType = e.target.value; this.startError = null; }}>
          ${this.runTypes.map((t) => html`<option value=${t.name} ?selected=${t.name === this.selectedType}>
            ${t.title || t.name}</option>`)}
        </select>
        <small id="run-type-help" data-testid="run-type-description">${type?.description || ''}</small>
        ${datasets.length ? html`
          <label for="run-dataset">Dataset <span class="muted">(optional)</span></label>
          <select id="run-dataset" name="dataset" data-testid="run-dataset-select">
            <option value="">— none —</option>
            ${datasets.map((d) => html`<option value=${d.id}>${d.name || d.id}</option>`)}
          </select>` : nothing}
        ${type ? renderOptions(type.options_schema) : nothing}
        <label for="run-force">
          <input type="checkbox" id="run-force" name="force" data-testid="run-force">
          Force a new run even if an identical one exists
        </label>
        ${this.startError ? html`<p class="error-text" role="alert" data-testid="start-run-error">${this.startError}</p>` : nothing}
        <button type="submit" data-testid="start-run-submit" ?disabled=${this.starting}
          aria-busy=${this.starting ? 'true' : 'false'}>Start run</button>
      </form>`;
  }

  renderArtifacts() {
    if (!this.artifacts) return html`<p aria-busy="true">Loading artifacts…</p>`;
    const error = this.artifactsError ? html`<p class="error-text" role="alert">${this.artifactsError}</p>` : nothing;
    if (this.artifacts.length === 0) {
      return html`${error}<p class="empty" data-testid="artifacts-empty">No artifacts yet. Files that runs produce
        (profiles, reports, exports) are listed here.</p>`;
    }
    return html`${error}${artifactTable(this.artifacts, (a) => this.download(a), this.downloading, this.projectId)}`;
  }

  render() {
    if (this.projectError) {
      const notFound = this.projectError.status === 404;
      return html`
        ${breadcrumb()}
        <h1>${notFound ? 'Project not found' : 'Could not load the project'}</h1>
        <p class="error-text" role="alert" data-testid="project-error">${this.projectError.message}</p>
        <p><a href=${routes.projects()}>Back to the projects</a></p>`;
    }
    if (!this.project) return html`${breadcrumb()}<p aria-busy="true">Loading project…</p>`;
    const p = this.project;
    return html`
      ${breadcrumb(p.name)}
      <div class="title-row">
        <hgroup>
          <h1 data-testid="project-title">${p.name}</h1>
          <p>${p.description || html`<span class="muted">No description.</span>`}</p>
        </hgroup>
        <button type="button" class="danger outline compact" data-testid="project-delete"
          @click=${() => this.deleteProject()}>Delete project</button>
      </div>
      <p class="meta"><small>Created ${time(p.created_at)} · id <code>${p.id}</code></small></p>

      <div class="split">
        <section aria-labelledby="runs-heading" data-testid="runs-section">
          <h2 id="runs-heading">Runs</h2>
          ${this.renderRuns()}
        </section>
        <aside>
          <article aria-labelledby="start-heading">
            <h2 id="start-heading">Start a run</h2>
            ${this.renderStartRun()}
          </article>
        </aside>
      </div>

      <section aria-labelledby="datasets-heading" data-testid="datasets-section">
        <div class="title-row">
          <h2 id="datasets-heading">Datasets</h2>
          <a href=${routes.ingest(this.projectId)} role="button" class="compact" data-testid="add-data">Add data</a>
        </div>
        <da-dataset-catalog .projectId=${this.projectId} .liveRuns=${itemsOf(this.runs).filter(isActive)}></da-dataset-catalog>
      </section>

      <section aria-labelledby="artifacts-heading" data-testid="artifacts-section">
        <h2 id="artifacts-heading">Artifacts</h2>
        ${this.renderArtifacts()}
      </section>`;
  }
}

function breadcrumb(name) {
  return html`
    <nav aria-label="breadcrumb">
      <ul>
        <li><a href=${routes.projects()}>Projects</a></li>
        ${name ? html`<li aria-current="page">${name}</li>` : nothing}
      </ul>
    </nav>`;
}

/** A table of artifacts with download buttons (downloads need the token: fetched as blobs). */
/**
 * Downloads an artifact for a view, showing which one is in flight (`view.downloading`) and telling the
 * user through `view.notify` when it fails.
 */
export async function downloadArtifact(view, projectId, artifact) {
  view.downloading = artifact.id;
  try {
    await api.downloadArtifact(projectId, artifact);
  } catch (e) {
    view.notify(`Could not download "${artifact.name}": ${e.message}`, 'error');
  } finally {
    view.downloading = null;
  }
}

export function artifactTable(artifacts, download, downloading, projectId, showRun = true) {
  return html`
    <div class="overflow-auto">
      <table data-testid="artifacts-table">
        <thead><tr><th scope="col">Name</th>${showRun ? html`<th scope="col">Run</th>` : nothing}
          <th scope="col">Type</th><th scope="col">Size</th><th scope="col">Created</th>
          <th scope="col"><span class="visually-hidden">Download</span></th></tr></thead>
        <tbody>
          ${artifacts.map((a) => html`
            <tr data-testid="artifact-row" data-artifact-id=${a.id}>
              <th scope="row" class="mono">${a.name}</th>
              ${showRun ? html`<td>${a.run ? html`<a href=${routes.run(projectId, a.run.id)}>${a.run.type}
                <small class="muted mono">${shortId(a.run.id)}</small></a>` : shortId(a.run_id)}</td>` : nothing}
              <td><small>${a.type || a.media_type || '—'}</small></td>
              <td class="nowrap">${bytes(a.size)}</td>
              <td class="nowrap">${time(a.created_at)}</td>
              <td class="actions">
                <button type="button" class="secondary outline compact" data-testid="artifact-download"
                  aria-label="Download ${a.name}" ?disabled=${downloading === a.id}
                  aria-busy=${downloading === a.id ? 'true' : 'false'} @click=${() => download(a)}>Download</button>
              </td>
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}

customElements.define('da-project', DaProject);
