// <da-dataset-catalog>: the project's datasets, paged, with the state of their last ingest and last
// profile. Refreshed while an ingest or profile run of a listed dataset is queued or running. The profile
// states come from ONE request per load (the newest 500 runs of the project), never one per dataset.
import { html, nothing } from 'lit';
import { api, itemsOf } from '../api.js';
import { bytes, count, isActive, statusBadge, time } from '../format.js';
import { aborted, LightElement } from '../light-element.js';
import { routes } from '../router.js';
import { pager } from './pager.js';
import { latestProfileRuns, profileRunBadge } from './profile.js';

const PAGE_SIZE = 20;
const POLL_MS = 2000;
/** The newest runs read for the profile column (the API's largest page). */
const RUNS_SCANNED = 500;

function live(summary) {
  return summary.last_ingest_status === 'queued' || summary.last_ingest_status === 'running';
}

class DaDatasetCatalog extends LightElement {
  static properties = {
    projectId: {},
    page: { state: true },
    error: { state: true },
    loading: { state: true },
    profiles: { state: true },
  };

  constructor() {
    super();
    this.page = null;
    this.offset = 0;
    this.error = null;
    this.loading = false;
    this.profiles = null; // dataset id → newest profile run; null until known (or when runs cannot be listed)
    this.profilesComplete = false; // whether those runs were all of the project's runs
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load(offset = this.offset) {
    this.clearTimers();
    this.loading = true;
    try {
      const page = await api.listDatasets(this.projectId, offset, PAGE_SIZE, this.signal);
      this.page = { ...page, items: itemsOf(page) };
      this.offset = page.offset ?? offset;
      this.error = null;
    } catch (e) {
      if (aborted(e)) return;
      // A server without ingestion answers 404 for the path: to the user that is an empty catalog.
      if ((e.status === 404 || e.status === 405) && !this.page) {
        this.page = { items: [], offset: 0, limit: PAGE_SIZE, total: 0 };
      } else {
        this.error = e.message;
      }
    } finally {
      this.loading = false;
    }
    await this.loadProfiles();
    const profiling = this.profiles && this.page?.items.some((d) => isActive(this.profiles.get(d.id)));
    if (this.error || this.page?.items.some(live) || profiling) this.later(() => this.load(), POLL_MS);
  }

  /** The newest profile run of every dataset, from one page of the project's newest runs. */
  async loadProfiles() {
    if (!this.page || this.page.items.length === 0) return;
    try {
      const runs = await api.listRuns(this.projectId, 0, RUNS_SCANNED, this.signal);
      this.profiles = latestProfileRuns(itemsOf(runs));
      this.profilesComplete = (runs?.total ?? 0) <= RUNS_SCANNED;
    } catch (e) {
      if (!aborted(e)) this.profiles = null; // the column then shows "—": the rest of the catalog stays usable
    }
  }

  renderProfile(d) {
    if (!this.profiles) return html`<span class="muted">—</span>`;
    const run = this.profiles.get(d.id);
    if (!run && !this.profilesComplete) return html`<span class="muted" title="No profile run among the newest runs">—</span>`;
    return profileRunBadge(this.projectId, run, 'dataset-profile-status');
  }

  renderRow(d) {
    return html`
      <tr data-testid="dataset-row" data-dataset-id=${d.id} data-dataset-name=${d.name}>
        <th scope="row"><a href=${routes.dataset(this.projectId, d.id)} data-testid="dataset-link">${d.name}</a>
          ${d.drift_warning ? html`<span class="drift-warning" data-testid="dataset-drift-warning" role="img"
            aria-label="Breaking schema change in the latest version"
            title="Breaking schema change in the latest version">⚠</span>` : nothing}</th>
        <td class="num" data-testid="dataset-rows">${count(d.row_count)}</td>
        <td class="num" data-testid="dataset-columns">${count(d.column_count)}</td>
        <td class="num" data-testid="dataset-versions">${count(d.version_count)}
          ${d.latest_version ? html`<small class="muted">(latest v${d.latest_version})</small>` : nothing}</td>
        <td class="num nowrap">${d.size_bytes === null || d.size_bytes === undefined ? '—' : bytes(d.size_bytes)}</td>
        <td>${d.last_ingest_status
          ? (d.last_ingest_run_id
            ? html`<a href=${routes.run(this.projectId, d.last_ingest_run_id)} aria-label="Last ingest run: ${d.last_ingest_status}"
                >${statusBadge(d.last_ingest_status, 'dataset-ingest-status')}</a>`
            : statusBadge(d.last_ingest_status, 'dataset-ingest-status'))
          : html`<span class="muted">—</span>`}</td>
        <td>${this.renderProfile(d)}</td>
        <td class="nowrap">${time(d.updated_at ?? d.created_at)}</td>
      </tr>`;
  }

  render() {
    if (this.error && !this.page) {
      return html`<p class="error-text" role="alert" data-testid="datasets-error">Could not load the datasets: ${this.error}
        <button type="button" class="secondary outline compact" @click=${() => this.load()}>Retry</button></p>`;
    }
    if (!this.page) return html`<p aria-busy="true">Loading datasets…</p>`;
    if (this.page.total === 0 || this.page.items.length === 0) {
      return html`<p class="empty" data-testid="datasets-empty">No datasets yet. Bring data in from a file or a
        database with <a href=${routes.ingest(this.projectId)}>Add data</a>.</p>`;
    }
    return html`
      <div class="overflow-auto">
        <table data-testid="datasets-table" aria-labelledby="datasets-heading" aria-busy=${this.loading ? 'true' : 'false'}>
          <thead><tr><th scope="col">Name</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Columns</th>
            <th scope="col" class="num">Versions</th><th scope="col" class="num">Size</th><th scope="col">Last ingest</th>
            <th scope="col">Last profile</th><th scope="col">Updated</th></tr></thead>
          <tbody>${this.page.items.map((d) => this.renderRow(d))}</tbody>
        </table>
      </div>
      ${this.error ? html`<p class="error-text" role="alert">Refreshing failed: ${this.error}</p>` : nothing}
      ${pager(this.page, (offset) => this.load(offset), 'datasets')}`;
  }
}

customElements.define('da-dataset-catalog', DaDatasetCatalog);
