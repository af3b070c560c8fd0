import { html, nothing } from 'lit';
import { api, itemsOf } from '../api.js';
import { duration, isActive, progressBar, shortId, statusBadge, TERMINAL, time } from '../format.js';
import { aborted, LightElement } from '../light-element.js';
import { routes } from '../router.js';
import { artifactTable, downloadArtifact } from './project.js';

const POLL_MS = 1000;
/** The log kept in the page; older text is dropped (and said so) past this many characters. */
const MAX_LOG_CHARS = 2_000_000;

class DaRun extends LightElement {
  static properties = {
    projectId: {},
    runId: {},
    project: { state: true },
    run: { state: true },
    runError: { state: true },
    log: { state: true },
    logComplete: { state: true },
    logError: { state: true },
    logTrimmed: { state: true },
    artifacts: { state: true },
    artifactsError: { state: true },
    cancelling: { state: true },
    downloading: { state: true },
  };

  constructor() {
    super();
    this.project = null;
    this.run = null;
    this.runError = null;
    this.log = '';
    this.logOffset = 0;
    this.logComplete = false;
    this.logError = null;
    this.logTrimmed = false;
    this.artifacts = null;
    this.artifactsError = null;
    this.cancelling = false;
    this.downloading = null;
    this.emptyPollsAfterEnd = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = `Run ${shortId(this.runId)} · data-analyst`;
    api.getProject(this.projectId, this.signal).then((p) => { this.project = p; }, () => {});
    this.tick();
  }

  /** One round of polling: the run while it is live, the log until it is complete. */
  async tick() {
    let soon = false;
    if (!this.run || isActive(this.run)) {
      try {
        const before = this.run?.status;
        this.run = await api.getRun(this.projectId, this.runId, this.signal);
        this.runError = null;
        document.title = `${this.run.type} ${shortId(this.run.id)} (${this.run.status}) · data-analyst`;
        if (TERMINAL.has(this.run.status) && before !== this.run.status) this.loadArtifacts();
      } catch (e) {
        if (aborted(e)) return;
        this.runError = e;
        if (e.status === 404) return; // no such run: nothing to follow
      }
    }
    if (!this.logComplete && this.run) {
      try {
        const chunk = await api.runLog(this.projectId, this.runId, this.logOffset, this.signal);
        this.appendLog(chunk?.text || '');
        if (typeof chunk?.next_offset === 'number') this.logOffset = chunk.next_offset;
        this.logError = null;
        const ended = this.run && TERMINAL.has(this.run.status);
        if (chunk?.complete) {
          this.logComplete = true;
        } else if (ended && !chunk?.text) {
          // The run is over and nothing more comes: stop following even if the server never says complete.
          this.emptyPollsAfterEnd += 1;
          if (this.emptyPollsAfterEnd >= 3) this.logComplete = true;
        }
        soon = Boolean(chunk?.text) && !chunk?.complete;
      } catch (e) {
        if (aborted(e)) return;
        if (e.status === 404 && this.run && TERMINAL.has(this.run.status)) {
          this.logComplete = true; // the run wrote no log
        } else if (e.status !== 404) {
          this.logError = e.message;
        }
      }
    }
    const following = !this.run || isActive(this.run) || !this.logComplete;
    if (following) this.later(() => this.tick(), soon ? 150 : POLL_MS);
  }

  appendLog(text) {
    if (!text) return;
    const pre = this.querySelector('[data-testid="run-log"]');
    const atBottom = !pre || pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
    let log = this.log + text;
    if (log.length > MAX_LOG_CHARS) {
      log = log.slice(log.length - MAX_LOG_CHARS);
      log = log.slice(log.indexOf('\n') + 1);
      this.logTrimmed = true;
    }
    this.log = log;
    if (atBottom) {
      this.updateComplete.then(() => {
        const el = this.querySelector('[data-testid="run-log"]');
        if (el) el.scrollTop = el.scrollHeight;
      });
    }
  }

  async loadArtifacts() {
    try {
      this.artifacts = itemsOf(await api.runArtifacts(this.projectId, this.runId, this.signal));
      this.artifactsError = null;
    } catch (e) {
      if (aborted(e)) return;
      if (e.status === 404) {
        this.artifacts = [];
      } else {
        this.artifactsError = e.message;
      }
    }
  }

  async cancel() {
    this.cancelling = true;
    try {
      this.run = await api.cancelRun(this.projectId, this.runId);
      this.notify(`Cancellation of run ${shortId(this.runId)} requested.`);
      // Keep following: the run ends (cancelled) and the log completes.
      this.clearTimers();
      this.later(() => this.tick(), 200);
    } catch (e) {
      this.notify(`Could not cancel the run: ${e.message}`, 'error');
    } finally {
      this.cancelling = false;
    }
  }

  download(artifact) {
    return downloadArtifact(this, this.projectId, artifact);
  }

  renderParams(params) {
    const entries = Object.entries(params || {});
    if (entries.length === 0) return html`<span class="muted">none (defaults)</span>`;
    return html`<dl class="params">${entries.map(([k, v]) => html`
      <div><dt>${k}</dt><dd><code>${typeof v === 'object' ? JSON.stringify(v) : String(v)}</code></dd></div>`)}</dl>`;
  }

  renderArtifacts() {
    if (this.artifactsError) return html`<p class="error-text" role="alert">Could not list the artifacts: ${this.artifactsError}</p>`;
    if (!this.run || !TERMINAL.has(this.run.status)) {
      return html`<p class="muted">Artifacts are listed when the run has finished.</p>`;
    }
    if (!this.artifacts) return html`<p aria-busy="true">Loading artifacts…</p>`;
    if (this.artifacts.length === 0) return html`<p class="empty" data-testid="artifacts-empty">This run produced no artifacts.</p>`;
    return artifactTable(this.artifacts, (a) => this.download(a), this.downloading, this.projectId, false);
  }

  renderLogState() {
    if (this.logError) return html`<span class="error-text">Reading the log failed (${this.logError}); retrying…</span>`;
    if (this.logComplete) return html`<span>Complete.</span>`;
    return html`<span class="live" aria-busy="true">Following the log…</span>`;
  }

  render() {
    const crumbs = html`
      <nav aria-label="breadcrumb">
        <ul>
          <li><a href=${routes.projects()}>Projects</a></li>
          <li><a href=${routes.project(this.projectId)}>${this.project?.name || this.projectId}</a></li>
          <li aria-current="page">Run ${shortId(this.runId)}</li>
        </ul>
      </nav>`;
    if (this.runError && !this.run) {
      return html`${crumbs}
        <h1>${this.runError.status === 404 ? 'Run not found' : 'Could not load the run'}</h1>
        <p class="error-text" role="alert" data-testid="run-error">${this.runError.message}</p>`;
    }
    if (!this.run) return html`${crumbs}<p aria-busy="true">Loading run…</p>`;
    const r = this.run;
    const fraction = r.progress?.fraction;
    return html`
      ${crumbs}
      <div class="title-row">
        <hgroup>
          <h1 data-testid="run-title">Run <span class="mono">${shortId(r.id)}</span>: ${r.type}</h1>
          <p>${statusBadge(r.status)} <span class="muted mono" title="Run id">${r.id}</span></p>
        </hgroup>
        ${isActive(r) ? html`
          <button type="button" class="danger outline compact" data-testid="run-cancel" ?disabled=${this.cancelling}
            aria-busy=${this.cancelling ? 'true' : 'false'} @click=${() => this.cancel()}>Cancel run</button>` : nothing}
      </div>
      ${this.runError ? html`<p class="error-text" role="alert">Refreshing the run failed: ${this.runError.message}</p>` : nothing}

      <article class="run-summary" aria-label="Run summary">
        <div class="progress-line">
          ${progressBar(r)}
          <span data-testid="run-progress-text">${typeof fraction === 'number' ? `${Math.round(Math.min(1, fraction) * 100)}%` : ''}
            ${r.progress?.message || ''}</span>
        </div>
        ${r.reason ? html`<p class=${r.status === 'failed' ? 'error-text' : ''} data-testid="run-reason">
          <strong>Reason:</strong> ${r.reason}</p>` : nothing}
        <dl class="facts">
          <div><dt>Created</dt><dd>${time(r.created_at)}</dd></div>
          <div><dt>Started</dt><dd>${time(r.started_at)}</dd></div>
          <div><dt>Finished</dt><dd>${time(r.finished_at)}</dd></div>
          <div><dt>Duration</dt><dd>${r.started_at ? duration(r.started_at, r.finished_at) : '—'}</dd></div>
          ${r.dataset_id ? html`<div><dt>Dataset</dt><dd class="mono">${r.dataset_id}
            ${r.dataset_version_id ? html`(version ${r.dataset_version_id})` : nothing}</dd></div>` : nothing}
          <div data-testid="run-params"><dt>Parameters</dt><dd>${this.renderParams(r.params)}</dd></div>
        </dl>
      </article>

      <section aria-labelledby="log-heading">
        <div class="title-row">
          <h2 id="log-heading">Log</h2>
          <small data-testid="run-log-state">${this.renderLogState()}</small>
        </div>
        ${this.logTrimmed ? html`<p class="muted"><small>Earlier lines are not shown.</small></p>` : nothing}
        <pre class="log" data-testid="run-log" role="log" aria-live="polite" aria-labelledby="log-heading"
          tabindex="0">${this.log || (this.logComplete ? '(empty log)' : '')}</pre>
      </section>

      <section aria-labelledby="artifacts-heading" data-testid="run-artifacts">
        <h2 id="artifacts-heading">Artifacts</h2>
        ${this.renderArtifacts()}
      </section>`;
  }
}

customElements.define('da-run', DaRun);
