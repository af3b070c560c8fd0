// <da-dataset>: one dataset — header with the latest version and last ingest, warnings, schema,
// versions with their drift, a comparison of any two versions, source metadata and a preview.
// Follows a queued or running ingest run and reloads when it ends. "Profile" starts a profile run of the
// latest version, follows it, and the Profile section shows the newest succeeded profile (views/profile.js).
// The header shows how the latest finished profile ended (details.profile: status, alert and check counts, the
// profiled version); the Rules section declares the dataset's rule checks (views/rules.js). The route
// #/projects/<id>/datasets/<dataset_id>/profile opens the page scrolled to the profile.
import { html, nothing } from 'lit';
import { api, itemsOf } from '../api.js';
import { bytes, count, isActive, progressBar, shortId, statusBadge, time } from '../format.js';
import { aborted, LightElement } from '../light-element.js';
import { routes } from '../router.js';
import { pager } from './pager.js';
import { breakingBadge, driftSummary, driftTable } from './drift.js';
import { alertCountsView, checkCountsView, findProfileRuns, loadProfile } from './profile.js';
import './rules.js';

const VERSIONS_PAGE = 20;
const PREVIEW_ROWS = 50;
const POLL_MS = 1500;
const PROFILE_POLL_MS = 1000;

/** Source metadata keys shown first, in this order; any others follow. */
const SOURCE_KEYS = ['kind', 'location', 'options', 'fingerprint'];

function json(value) {
  return JSON.stringify(value, null, 2);
}

function cell(value) {
  if (value === null || value === undefined) return html`<span class="muted null">null</span>`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

class DaDataset extends LightElement {
  static properties = {
    projectId: {},
    datasetId: {},
    focus: {},
    project: { state: true },
    details: { state: true },
    error: { state: true },
    refreshError: { state: true },
    shown: { state: true },
    shownVersion: { state: true },
    shownError: { state: true },
    preview: { state: true },
    previewError: { state: true },
    compareFrom: { state: true },
    compareTo: { state: true },
    drift: { state: true },
    driftError: { state: true },
    comparing: { state: true },
    profileRun: { state: true },
    profileLoaded: { state: true },
    profileError: { state: true },
    profileStarting: { state: true },
    profileReused: { state: true },
  };

  constructor() {
    super();
    this.project = null;
    this.details = null;
    this.error = null;
    this.refreshError = null;
    this.versionsOffset = 0;
    this.shown = null; // the version number whose schema, source and preview are shown
    this.shownVersion = null;
    this.shownError = null;
    this.preview = null;
    this.previewError = null;
    this.compareFrom = null;
    this.compareTo = null;
    this.drift = null;
    this.driftError = null;
    this.comparing = false;
    this.profileRun = null; // the newest profile run of this dataset, any status
    this.profileLoaded = null; // {profile, json, html, run} of the newest succeeded one
    this.profileError = null;
    this.profileStarting = false;
    this.profileReused = null;
    this.profileTimer = null;
    this.profileChecked = false; // whether the profile runs were looked up once
    this.focus = null; // 'profile': scroll to the profile once it is known
    this.focused = false;
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Dataset · data-analyst';
    api.getProject(this.projectId, this.signal).then((p) => { this.project = p; }, () => {});
    this.load();
    this.loadProfileState();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.profileTimer);
  }

  /** Finds the newest profile run of the dataset and loads the newest succeeded profile; follows a live run. */
  async loadProfileState() {
    try {
      const { latest, succeeded } = await findProfileRuns(this.projectId, this.datasetId, this.signal);
      this.profileRun = latest;
      if (succeeded && succeeded.id !== this.profileLoaded?.run?.id) {
        this.profileLoaded = await loadProfile(this.projectId, succeeded, this.signal);
      }
      this.profileError = null;
    } catch (e) {
      if (aborted(e)) return;
      this.profileError = e.message;
    }
    this.profileChecked = true;
    this.followProfile();
  }

  /** Polls a queued or running profile run until it ends, then loads its profile. */
  followProfile() {
    clearTimeout(this.profileTimer);
    if (!isActive(this.profileRun)) return;
    this.profileTimer = setTimeout(async () => {
      if (!this.isConnected) return;
      try {
        this.profileRun = await api.getRun(this.projectId, this.profileRun.id, this.signal);
        if (this.profileRun.status === 'succeeded') {
          this.profileLoaded = await loadProfile(this.projectId, this.profileRun, this.signal);
          this.profileError = null;
        }
        // The run has ended: the dataset's profile summary (header) changed with it.
        if (!isActive(this.profileRun)) this.load();
      } catch (e) {
        if (aborted(e)) return;
        this.profileError = e.message;
      }
      this.followProfile();
    }, PROFILE_POLL_MS);
  }

  async startProfile(force = false) {
    this.profileStarting = true;
    this.profileReused = null;
    this.profileError = null;
    try {
      const { created, run } = await api.profileDataset(this.projectId, this.datasetId, force);
      this.profileRun = run;
      if (!created) {
        this.profileReused = run;
        if (run.status === 'succeeded' && run.id !== this.profileLoaded?.run?.id) {
          this.profileLoaded = await loadProfile(this.projectId, run, this.signal);
        }
      }
      this.followProfile();
    } catch (e) {
      if (!aborted(e)) this.profileError = e.detail || e.message;
    } finally {
      this.profileStarting = false;
    }
  }

  get latestNumber() {
    return this.details?.latest?.number ?? null;
  }

  /** Loads the details (and the versions page); follows a live ingest run; reloads the shown version when a new one appears. */
  async load(offset = this.versionsOffset) {
    this.clearTimers();
    const before = this.latestNumber;
    try {
      const details = await api.getDataset(this.projectId, this.datasetId, offset, VERSIONS_PAGE, this.signal);
      this.details = details;
      this.versionsOffset = details.versions?.offset ?? offset;
      // A profile that finished elsewhere (another tab, the shell): show it too.
      const summary = details.profile;
      if (this.profileChecked && summary?.status === 'succeeded' && summary.run_id !== this.profileLoaded?.run?.id
        && !isActive(this.profileRun)) {
        this.loadProfileState();
      }
      this.error = null;
      this.refreshError = null;
      document.title = `${details.dataset.name} · data-analyst`;
    } catch (e) {
      if (aborted(e)) return;
      if (this.details) {
        this.refreshError = e.message;
      } else {
        this.error = e;
        document.title = 'Dataset not found · data-analyst';
        return;
      }
    }
    const latest = this.latestNumber;
    if (latest !== null && (latest !== before || this.shown === null)) {
      // A new version (or the first load): show it, and compare it with its predecessor.
      const showingLatest = this.shown === null || this.shown === before;
      if (showingLatest) this.showVersion(latest);
      if (this.compareTo === null || this.compareTo === before) {
        this.compareTo = latest;
        this.compareFrom = latest > 1 ? latest - 1 : latest;
        this.drift = null;
      }
    }
    // Follow a live ingest; a dataset with neither a version nor a run yet is about to get its first run.
    this.waitedForRun = (this.waitedForRun ?? 0) + 1;
    const waiting = !this.details?.latest && !this.details?.latest_run && this.waitedForRun <= 40;
    if (isActive(this.details?.latest_run) || waiting || this.refreshError) this.later(() => this.load(), POLL_MS);
  }

  async showVersion(number) {
    this.shown = number;
    this.shownError = null;
    this.preview = null;
    this.previewError = null;
    if (number === this.latestNumber) {
      this.shownVersion = this.details.latest;
    } else {
      this.shownVersion = null;
      try {
        const version = await api.datasetVersion(this.projectId, this.datasetId, number, this.signal);
        if (this.shown === number) this.shownVersion = version;
      } catch (e) {
        if (!aborted(e) && this.shown === number) this.shownError = e.message;
      }
    }
    try {
      const preview = await api.datasetPreview(this.projectId, this.datasetId, number, PREVIEW_ROWS, this.signal);
      if (this.shown === number) this.preview = preview;
    } catch (e) {
      if (!aborted(e) && this.shown === number) this.previewError = e.message;
    }
  }

  async compare(event) {
    event.preventDefault();
    const form = event.target;
    const from = Number(form.elements.from.value);
    const to = Number(form.elements.to.value);
    this.compareFrom = from;
    this.compareTo = to;
    this.driftError = null;
    if (from === to) {
      this.drift = null;
      this.driftError = 'Choose two different versions.';
      return;
    }
    this.comparing = true;
    try {
      this.drift = await api.datasetDrift(this.projectId, this.datasetId, from, to, this.signal);
    } catch (e) {
      if (!aborted(e)) {
        this.drift = null;
        this.driftError = e.detail || e.message;
      }
    } finally {
      this.comparing = false;
    }
  }

  renderBreadcrumb() {
    return html`
      <nav aria-label="breadcrumb">
        <ul>
          <li><a href=${routes.projects()}>Projects</a></li>
          <li><a href=${routes.project(this.projectId)}>${this.project?.name || this.projectId}</a></li>
          <li aria-current="page">${this.details?.dataset?.name || shortId(this.datasetId)}</li>
        </ul>
      </nav>`;
  }

  renderRun(run) {
    if (!run) return html`<span class="muted">none</span>`;
    return html`
      <a href=${routes.run(this.projectId, run.id)} data-testid="dataset-run-link"
        aria-label="Ingest run ${shortId(run.id)}, ${run.status}: open its log">${statusBadge(run.status, 'dataset-run-status')}
        <span class="mono">${shortId(run.id)}</span></a>
      <small class="muted">${time(run.finished_at ?? run.started_at ?? run.created_at)}</small>
      ${isActive(run) ? html`<div class="progress-line">${progressBar(run, 'dataset-run-progress')}
        <small>${run.progress?.message || ''}</small></div>` : nothing}`;
  }

  renderWarnings() {
    const warnings = this.details?.warnings ?? [];
    if (warnings.length === 0) return nothing;
    return html`
      <div class="warning-box" role="alert" data-testid="dataset-warnings">
        <strong>⚠ ${warnings.length === 1 ? 'Warning' : `${warnings.length} warnings`}</strong>
        <ul>${warnings.map((w) => html`<li data-testid="dataset-warning">${w}</li>`)}</ul>
      </div>`;
  }

  renderHeader() {
    const { dataset, latest } = this.details;
    const run = this.details.latest_run;
    const failed = run && (run.status === 'failed' || run.status === 'cancelled');
    return html`
      <div class="title-row">
        <hgroup>
          <h1 data-testid="dataset-title">${dataset.name}</h1>
          <p>${latest
            ? html`Version <span data-testid="dataset-latest-version">${latest.number}</span> of ${time(latest.created_at)}`
            : html`<span class="muted">No version yet.</span>`}
            <span class="muted mono" title="Dataset id">${dataset.id}</span></p>
        </hgroup>
        <div class="title-actions">
          <button type="button" class="compact" data-testid="profile-start"
            ?disabled=${!latest || this.profileStarting || isActive(this.profileRun)}
            aria-busy=${this.profileStarting || isActive(this.profileRun) ? 'true' : 'false'}
            title=${latest ? 'Profile the latest version: statistics, alerts and checks' : 'There is no version to profile yet'}
            @click=${() => this.startProfile(false)}>Profile</button>
          <a href=${routes.ingest(this.projectId, dataset.id)} role="button" class="compact secondary" data-testid="new-version">
            New version</a>
        </div>
      </div>
      ${this.renderWarnings()}
      ${this.refreshError ? html`<p class="error-text" role="alert">Refreshing failed: ${this.refreshError}</p>` : nothing}
      <article class="run-summary" aria-label="Dataset summary">
        <dl class="facts" data-testid="dataset-facts">
          <div><dt>Rows</dt><dd data-testid="dataset-row-count">${latest ? count(latest.row_count) : '—'}</dd></div>
          <div><dt>Columns</dt><dd data-testid="dataset-column-count">${latest ? count(latest.schema?.columns?.length) : '—'}</dd></div>
          <div><dt>Staged size</dt><dd>${latest ? bytes(latest.size_bytes) : '—'}</dd></div>
          <div><dt>Versions</dt><dd>${count(this.details.versions?.total)}</dd></div>
          <div><dt>Source</dt><dd>${latest?.source?.kind
            ? html`<span class="badge">${latest.source.kind}</span> <span class="mono location">${latest.source.location ?? ''}</span>`
            : '—'}</dd></div>
          <div data-testid="dataset-last-run"><dt>Last ingest</dt><dd>${this.renderRun(run)}</dd></div>
          <div data-testid="dataset-last-profile"><dt>Last profile</dt><dd>${this.renderLastProfile()}</dd></div>
        </dl>
        ${failed && run.reason ? html`<p class="error-text" data-testid="dataset-run-reason">
          <strong>The last ingest ${run.status === 'failed' ? 'failed' : 'was cancelled'}:</strong> ${run.reason}
          ${latest ? html`<br><small>The data below is version ${latest.number}, from an earlier run.</small>` : nothing}</p>` : nothing}
      </article>`;
  }

  /** How the latest finished profile ended (details.profile), and a profile run under way. */
  renderLastProfile() {
    const summary = this.details.profile ?? null;
    const live = isActive(this.profileRun) ? this.profileRun : null;
    const latest = this.latestNumber;
    const outdated = summary && summary.version !== null && summary.version !== undefined && latest !== null
      && summary.version !== latest;
    return html`${summary ? html`
        <a href=${routes.run(this.projectId, summary.run_id)} data-testid="dataset-profile-run-link"
          aria-label="Profile run ${shortId(summary.run_id)}, ${summary.status}: open its log"
          >${statusBadge(summary.status, 'dataset-profile-status')}</a>
        ${summary.status === 'succeeded' ? html`${alertCountsView(summary.alerts, 'dataset-profile-alerts')} ·
          ${checkCountsView(summary.checks, 'dataset-profile-checks')}` : nothing}
        ${summary.failures ? html` · <span class="check-fail" data-testid="dataset-profile-failures">${summary.failures}
          profiler ${summary.failures === 1 ? 'failure' : 'failures'}</span>` : nothing}
        <small class="muted">${time(summary.finished_at)}</small>
        ${outdated ? html`<br><small class="warn-text" data-testid="dataset-profile-version-note">Profile is of version
          ${summary.version}; the latest is ${latest}.</small>` : nothing}
        ${summary.status === 'failed' && summary.reason ? html`<br><small class="error-text"
          data-testid="dataset-profile-reason">${summary.reason}</small>` : nothing}`
      : html`<span class="muted" data-testid="dataset-profile-status">not profiled</span>`}
      ${live ? html` <a href=${routes.run(this.projectId, live.id)} data-testid="dataset-profile-live"
          aria-label="Profile run ${shortId(live.id)} ${live.status}: open its log">${statusBadge(live.status,
          'dataset-profile-live-status')}</a> <small class="muted">a profile is under way</small>` : nothing}`;
  }

  /** "Run a profile now" of the Rules section: start it and bring the profile into view. */
  async profileFromRules() {
    await this.startProfile(false);
    this.querySelector('[data-testid="profile-section"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  renderRules() {
    return html`<da-rules .projectId=${this.projectId} .datasetId=${this.datasetId}
      .columns=${this.details.latest?.schema?.columns ?? []} .latestVersion=${this.latestNumber}
      .lastProfile=${this.profileLoaded} .profiling=${this.profileStarting || isActive(this.profileRun)}
      @da-run-profile=${() => this.profileFromRules()}></da-rules>`;
  }

  updated() {
    // #/…/datasets/<id>/profile: once the profile state is known, scroll to it (once).
    if (this.focus === 'profile' && !this.focused && this.details && this.profileChecked) {
      const heading = this.querySelector('#profile-heading');
      if (heading) {
        this.focused = true;
        heading.scrollIntoView({ block: 'start' });
        heading.focus({ preventScroll: true });
      }
    }
  }

  renderProfile() {
    const run = this.profileRun;
    const loaded = this.profileLoaded;
    const status = run && run.id !== loaded?.run?.id ? html`
      <div class="profile-run" data-testid="profile-run" data-run-status=${run.status}>
        <p>Profile run <a href=${routes.run(this.projectId, run.id)} class="mono">${shortId(run.id)}</a>
          ${statusBadge(run.status, 'profile-run-status')} <small class="muted">${time(run.finished_at ?? run.started_at ?? run.created_at)}</small></p>
        ${isActive(run) ? html`<div class="progress-line">${progressBar(run, 'profile-run-progress')}
          <small data-testid="profile-run-message">${run.progress?.message || ''}</small></div>` : nothing}
        ${run.reason ? html`<p class="error-text" data-testid="profile-run-reason"><strong>The profile run
          ${run.status === 'failed' ? 'failed' : 'was cancelled'}:</strong> ${run.reason}</p>` : nothing}
        ${loaded && isActive(run) ? html`<p class="muted"><small>Below: the previous profile.</small></p>` : nothing}
      </div>` : nothing;
    const reused = this.profileReused ? html`
      <p class="notice-inline" role="status" data-testid="profile-reused">This version was already profiled with the
        same settings (run <span class="mono">${shortId(this.profileReused.id)}</span>).
        <button type="button" class="secondary outline compact" data-testid="profile-force"
          @click=${() => this.startProfile(true)}>Profile again</button></p>` : nothing;
    const error = this.profileError
      ? html`<p class="error-text" role="alert" data-testid="profile-error">${this.profileError}</p>` : nothing;
    if (!loaded) {
      return html`${error}${reused}${status}${run ? nothing : html`<p class="empty" data-testid="profile-none">
        Not profiled yet. "Profile" computes per-column statistics, missing values, duplicates, alerts and checks of the
        latest version.</p>`}`;
    }
    return html`${error}${reused}${status}
      <da-profile .projectId=${this.projectId} .loaded=${loaded} .latestVersion=${this.latestNumber}></da-profile>`;
  }

  renderVersionPicker() {
    const latest = this.latestNumber;
    if (!latest || latest < 2) return nothing;
    const numbers = Array.from({ length: latest }, (_, i) => latest - i);
    return html`
      <div class="version-picker">
        <label for="shown-version">Showing version</label>
        <select id="shown-version" data-testid="shown-version" @change=${(e) => this.showVersion(Number(e.target.value))}>
          ${numbers.map((n) => html`<option value=${n} ?selected=${n === this.shown}>
            ${n}${n === latest ? ' (latest)' : ''}</option>`)}
        </select>
      </div>`;
  }

  renderSchema() {
    if (this.shownError) return html`<p class="error-text" role="alert">Could not load version ${this.shown}: ${this.shownError}</p>`;
    if (!this.shownVersion) return html`<p aria-busy="true">Loading the schema…</p>`;
    const columns = this.shownVersion.schema?.columns ?? [];
    return html`
      <div class="overflow-auto">
        <table data-testid="schema-table" aria-labelledby="schema-heading">
          <thead><tr><th scope="col" class="num">#</th><th scope="col">Name</th><th scope="col">Type</th>
            <th scope="col">Nullable</th></tr></thead>
          <tbody>
            ${columns.map((c, i) => html`
              <tr data-testid="schema-row" data-column=${c.name}>
                <td class="num">${i + 1}</td>
                <th scope="row" class="mono" data-testid="schema-name">${c.name}</th>
                <td class="mono" data-testid="schema-type">${c.type}</td>
                <td data-testid="schema-nullable">${c.nullable ? 'yes' : 'no'}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>`;
  }

  renderVersions() {
    const page = this.details.versions;
    const versions = itemsOf(page);
    if (!page || page.total === 0 || versions.length === 0) {
      const run = this.details.latest_run;
      return html`<p class="empty" data-testid="versions-empty">${isActive(run)
        ? 'The first version appears here when the ingest run has finished.'
        : 'No versions: no ingest of this dataset has succeeded yet.'}</p>`;
    }
    return html`
      <div class="overflow-auto">
        <table data-testid="versions-table" aria-labelledby="versions-heading">
          <thead><tr><th scope="col">Version</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Columns</th>
            <th scope="col" class="num">Size</th><th scope="col">Created</th><th scope="col">Run</th>
            <th scope="col">Schema drift</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            ${versions.map((v) => html`
              <tr data-testid="version-row" data-version=${v.number} class=${v.drift?.breaking ? 'breaking-row' : ''}>
                <th scope="row">v${v.number}${v.number === this.latestNumber ? html` <small class="muted">latest</small>` : nothing}</th>
                <td class="num" data-testid="version-rows">${count(v.row_count)}</td>
                <td class="num">${count(v.schema?.columns?.length)}</td>
                <td class="num nowrap">${bytes(v.size_bytes)}</td>
                <td class="nowrap">${time(v.created_at)}</td>
                <td>${v.run_id ? html`<a href=${routes.run(this.projectId, v.run_id)} class="mono"
                  aria-label="Run ${shortId(v.run_id)} of version ${v.number}">${shortId(v.run_id)}</a>` : '—'}</td>
                <td class="nowrap">${driftSummary(v.drift, 'version-drift')}
                  ${v.drift?.breaking ? breakingBadge('version-breaking') : nothing}</td>
                <td class="actions">
                  <button type="button" class="secondary outline compact" aria-label="Show version ${v.number}"
                    ?disabled=${this.shown === v.number} @click=${() => this.showVersion(v.number)}>Show</button>
                </td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${pager(page, (offset) => this.load(offset), 'versions')}`;
  }

  renderCompare() {
    const latest = this.latestNumber;
    if (!latest || latest < 2) {
      return html`<p class="empty">There is only ${latest ? 'one version' : 'no version'}: nothing to compare yet.</p>`;
    }
    const numbers = Array.from({ length: latest }, (_, i) => latest - i);
    const options = (selected) => numbers.map((n) => html`<option value=${n} ?selected=${n === selected}>${n}</option>`);
    return html`
      <form class="compare" data-testid="compare-form" @submit=${this.compare} aria-label="Compare versions">
        <div class="grid">
          <div><label for="compare-from">From version</label>
            <select id="compare-from" name="from" data-testid="compare-from">${options(this.compareFrom)}</select></div>
          <div><label for="compare-to">To version</label>
            <select id="compare-to" name="to" data-testid="compare-to">${options(this.compareTo)}</select></div>
          <div class="compare-submit"><button type="submit" data-testid="compare-submit" ?disabled=${this.comparing}
            aria-busy=${this.comparing ? 'true' : 'false'}>Compare</button></div>
        </div>
      </form>
      ${this.driftError ? html`<p class="error-text" role="alert" data-testid="compare-error">${this.driftError}</p>` : nothing}
      ${this.drift ? html`
        <h3 id="drift-heading" data-testid="drift-heading">Changes from version ${this.drift.from_version} to version
          ${this.drift.to_version} ${this.drift.breaking ? breakingBadge('drift-breaking') : nothing}</h3>
        ${driftTable(this.drift, 'drift-heading')}` : nothing}`;
  }

  renderSource() {
    if (!this.shownVersion) return nothing;
    const source = this.shownVersion.source ?? {};
    const keys = [...SOURCE_KEYS.filter((k) => k in source), ...Object.keys(source).filter((k) => !SOURCE_KEYS.includes(k))];
    if (keys.length === 0) return html`<p class="muted">No source metadata was recorded.</p>`;
    return html`
      <dl class="source" data-testid="source-metadata">
        ${keys.map((k) => {
          const v = source[k];
          const value = v !== null && typeof v === 'object'
            ? (Object.keys(v).length ? html`<pre class="inline-json">${json(v)}</pre>` : html`<span class="muted">none</span>`)
            : html`<span class="mono">${v === null || v === undefined ? '—' : String(v)}</span>`;
          return html`<div data-testid="source-${k}"><dt>${k.replace(/_/g, ' ')}</dt><dd>${value}</dd></div>`;
        })}
      </dl>`;
  }

  renderPreview() {
    if (this.previewError) {
      return html`<p class="error-text" role="alert" data-testid="preview-error">Could not load the preview: ${this.previewError}</p>`;
    }
    if (!this.preview) return html`<p aria-busy="true">Loading the preview…</p>`;
    const columns = this.preview.columns ?? [];
    const rows = this.preview.rows ?? [];
    if (rows.length === 0) return html`<p class="empty" data-testid="preview-empty">This version has no rows.</p>`;
    return html`
      <div class="overflow-auto preview">
        <table data-testid="preview-table" aria-labelledby="preview-heading">
          <thead><tr>${columns.map((c) => html`<th scope="col"><span class="mono">${c.name}</span>
            <small class="muted">${c.type}</small></th>`)}</tr></thead>
          <tbody>${rows.map((r) => html`<tr data-testid="preview-row">${r.map((v) => html`<td>${cell(v)}</td>`)}</tr>`)}</tbody>
        </table>
      </div>
      <p><small class="muted">${rows.length < PREVIEW_ROWS ? `All ${rows.length} rows.` : `The first ${rows.length} rows.`}</small></p>`;
  }

  render() {
    if (this.error) {
      const notFound = this.error.status === 404;
      return html`${this.renderBreadcrumb()}
        <h1>${notFound ? 'Dataset not found' : 'Could not load the dataset'}</h1>
        <p class="error-text" role="alert" data-testid="dataset-error">${this.error.message}</p>
        <p><a href=${routes.project(this.projectId)}>Back to the project</a></p>`;
    }
    if (!this.details) return html`${this.renderBreadcrumb()}<p aria-busy="true">Loading dataset…</p>`;
    const hasVersion = Boolean(this.details.latest);
    const of = this.shown !== null && this.shown !== this.latestNumber ? ` of version ${this.shown}` : '';
    return html`
      ${this.renderBreadcrumb()}
      ${this.renderHeader()}
      ${hasVersion ? html`
        ${this.renderVersionPicker()}
        <section aria-labelledby="schema-heading" data-testid="schema-section">
          <h2 id="schema-heading">Schema${of}</h2>
          ${this.renderSchema()}
        </section>

        <section aria-labelledby="rules-heading" data-testid="rules-section">
          <h2 id="rules-heading">Rules</h2>
          ${this.renderRules()}
        </section>

        <section aria-labelledby="profile-heading" data-testid="profile-section">
          <h2 id="profile-heading" tabindex="-1">Profile</h2>
          ${this.renderProfile()}
        </section>` : nothing}

      <section aria-labelledby="versions-heading" data-testid="versions-section">
        <h2 id="versions-heading">Versions</h2>
        ${this.renderVersions()}
      </section>

      ${hasVersion ? html`
        <section aria-labelledby="compare-heading" data-testid="compare-section">
          <h2 id="compare-heading">Compare versions</h2>
          ${this.renderCompare()}
        </section>

        <section aria-labelledby="source-heading" data-testid="source-section">
          <h2 id="source-heading">Source${of}</h2>
          ${this.renderSource()}
        </section>

        <section aria-labelledby="preview-heading" data-testid="preview-section">
          <h2 id="preview-heading">Preview${of}</h2>
          ${this.renderPreview()}
        </section>` : nothing}`;
  }
}

customElements.define('da-dataset', DaDataset);
