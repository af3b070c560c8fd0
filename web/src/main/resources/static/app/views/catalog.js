// <da-dataset-catalog>: the project's datasets, paged, with the state of their last ingest and how their
// latest finished profile ended (each summary's `profile`: status, warning alerts, failed checks, the profiled
// version) — no request beyond the page itself. Refreshed while an ingest of a listed dataset is queued or
// running. The project view passes its live runs (liveRuns) to mark a profile under way, and reloads the
// catalog when one of them ends.
import { html, nothing } from 'lit';
import { api, itemsOf } from '../api.js';
import { bytes, count, isActive, statusBadge, time } from '../format.js';
import { aborted, LightElement } from '../light-element.js';
import { routes } from '../router.js';
import { pager } from './pager.js';

const PAGE_SIZE = 20;
const POLL_MS = 2000;

function live(summary) {
  return summary.last_ingest_status === 'queued' || summary.last_ingest_status === 'running';
}

class DaDatasetCatalog extends LightElement {
  static properties = {
    projectId: {},
    page: { state: true },
    error: { state: true },
    loading: { state: true },
    liveRuns: { attribute: false },
  };

  constructor() {
    super();
    this.page = null;
    this.offset = 0;
    this.error = null;
    this.loading = false;
    this.liveRuns = []; // queued or running runs of the project, from the project view
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
    if (this.error || this.page?.items.some(live)) this.later(() => this.load(), POLL_MS);
  }

  /** The Last profile cell: status, warning alerts and failed checks of the latest finished profile, linked to it. */
  renderProfile(d) {
    const p = d.profile ?? null;
    const running = (this.liveRuns ?? []).find((r) => r.type === 'profile' && r.dataset_id === d.id && isActive(r));
    const live = running ? html` <a href=${routes.run(this.projectId, running.id)} data-testid="dataset-profile-live"
      aria-label="A profile run is ${running.status}: open its log">${statusBadge(running.status, 'dataset-profile-live-status')}</a>`
      : nothing;
    if (!p) return html`<span class="muted" data-testid="dataset-profile-status">not profiled</span>${live}`;
    const warnings = Number(p.alerts?.warning ?? 0) || 0;
    const failed = Number(p.checks?.fail ?? 0) || 0;
    const outdated = p.version !== null && p.version !== undefined && d.latest_version && p.version !== d.latest_version;
    const succeeded = p.status === 'succeeded';
    const label = succeeded
      ? `Last profile ${p.status}: ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${failed} failed ${failed === 1
        ? 'check' : 'checks'}${outdated ? `, of version ${p.version}` : ''}. Open the profile`
      : `Last profile ${p.status}${p.reason ? `: ${p.reason}` : ''}. Open the dataset's profile`;
    return html`<a href=${routes.datasetProfile(this.projectId, d.id)} class="profile-cell" data-testid="dataset-profile-link"
        aria-label=${label} title=${succeeded ? label : (p.reason ?? label)}>${statusBadge(p.status, 'dataset-profile-status')}${succeeded
        ? html` <span class="alert-count ${warnings ? 'alert-warning' : 'muted'}" data-testid="dataset-profile-warnings"
            data-count=${warnings}>⚠ ${warnings}</span>
          <span class=${failed ? 'check-fail' : 'muted'} data-testid="dataset-profile-failed-checks"
            data-count=${failed}>✗ ${failed}</span>` : nothing}${outdated
        ? html` <small class="warn-text" data-testid="dataset-profile-outdated">v${p.version}</small>` : nothing}</a>${live}`;
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
            <th scope="col" title="The latest finished profile: status, ⚠ warning alerts, ✗ failed checks">Last profile</th>
            <th scope="col">Updated</th></tr></thead>
          <tbody>${this.page.items.map((d) => this.renderRow(d))}</tbody>
        </table>
      </div>
      ${this.error ? html`<p class="error-text" role="alert">Refreshing failed: ${this.error}</p>` : nothing}
      ${pager(this.page, (offset) => this.load(offset), 'datasets')}`;
  }
}

customElements.define('da-dataset-catalog', DaDatasetCatalog);
