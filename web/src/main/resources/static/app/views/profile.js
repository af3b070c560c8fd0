// Dataset profiles in the UI: finding a dataset's profile runs, reading a profile run's profile.json
// artifact, and <da-profile>, the native view of one profile (overview, alerts, checks, column cards
// with inline SVG charts, drift, profiler failures, downloads). The format of profile.json is described
// in docs/profile-json.md; every figure is {value, exact, error?} and approximate ones are marked "≈".
import { html, nothing, svg } from 'lit';
import { api, itemsOf } from '../api.js';
import { shortId } from '../format.js';
import { LightElement } from '../light-element.js';
import { routes } from '../router.js';
import { breakingBadge, driftSummary, driftTable } from './drift.js';

/** Runs fetched per request while looking for profile runs (the API's largest page). */
const RUNS_PAGE = 500;
/** Pages of runs searched for a dataset's profile runs before giving up (newest first). */
const MAX_RUN_PAGES = 4;
/** Column cards per page: rendering stays fast at hundreds of columns. */
export const CARDS_PAGE = 24;
/** Alerts and checks shown before "Show all". */
const LIST_CAP = 30;
/** Figures shown on a column card, in this order; the others are under "More figures" in the profile's order. */
const KEY_FIGURES = ['count', 'missing', 'missing_pct', 'distinct', 'distinct_pct', 'min', 'max', 'mean', 'median',
  'std', 'empty', 'true', 'false'];

// ------------------------------------------------------------------------------------------ data

/** Whether a run is a profile run of the dataset. */
export function isProfileOf(run, datasetId) {
  return run?.type === 'profile' && (datasetId === undefined || run.dataset_id === datasetId);
}

/**
 * The newest profile run of a dataset (any status) and its newest succeeded one, from the project's runs
 * (newest first, a few large pages at most). Answers {latest, succeeded}, either possibly null.
 */
export async function findProfileRuns(projectId, datasetId, signal) {
  let latest = null;
  let succeeded = null;
  for (let page = 0; page < MAX_RUN_PAGES; page += 1) {
    const answer = await api.listRuns(projectId, page * RUNS_PAGE, RUNS_PAGE, signal);
    const runs = itemsOf(answer);
    for (const run of runs) {
      if (!isProfileOf(run, datasetId)) continue;
      latest ??= run;
      if (run.status === 'succeeded') {
        succeeded = run;
        return { latest, succeeded };
      }
    }
    if (runs.length < RUNS_PAGE || (answer?.total ?? 0) <= (page + 1) * RUNS_PAGE) break;
  }
  return { latest, succeeded };
}

function artifactOf(artifacts, name, type) {
  return artifacts.find((a) => a.name === name) ?? artifacts.find((a) => a.type === type) ?? null;
}

/** Loads a succeeded profile run's artifacts and its profile.json: {profile, json, html} (artifacts or null). */
export async function loadProfile(projectId, run, signal) {
  const artifacts = itemsOf(await api.runArtifacts(projectId, run.id, signal));
  const json = artifactOf(artifacts, 'profile.json', 'profile-json');
  const htmlArtifact = artifactOf(artifacts, 'profile.html', 'profile-html');
  if (!json) {
    throw new Error(`Profile run ${run.id} has no profile.json artifact.`);
  }
  const profile = await api.artifactJson(projectId, json.id, signal);
  return { profile, json, html: htmlArtifact, run };
}

/** Alerts counted by severity: {warning, info, total}. */
export function alertCounts(profile) {
  const counts = { warning: 0, info: 0, total: 0 };
  for (const alert of profile?.alerts ?? []) {
    const severity = String(alert.severity ?? '').toLowerCase();
    if (severity === 'warning') counts.warning += 1;
    else counts.info += 1;
    counts.total += 1;
  }
  return counts;
}

/** Checks counted by status: {pass, warn, fail}. */
export function checkCounts(profile) {
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const check of profile?.checks ?? []) {
    const status = String(check.status ?? '').toLowerCase();
    if (status in counts) counts[status] += 1;
  }
  return counts;
}

/** Whether a check comes from a rule declared for the dataset (its name is rule:<name or type>). */
export function isRuleCheck(check) {
  return String(check?.name ?? '').startsWith('rule:');
}

/** "2 warnings, 1 info" (or "no alerts") with a test id. */
export function alertSummary(profile, testid = 'profile-alert-counts') {
  return alertCountsView(alertCounts(profile), testid);
}

/** Alert counts ({warning, info}, e.g. a dataset's profile summary) as "⚠ 2 warnings, ℹ 1 info" or "no alerts". */
export function alertCountsView(counts, testid = 'profile-alert-counts') {
  const warning = Number(counts?.warning ?? 0) || 0;
  const info = Number(counts?.info ?? 0) || 0;
  const total = warning + info;
  if (total === 0) return html`<span class="muted" data-testid=${testid} data-warnings="0" data-infos="0">no alerts</span>`;
  return html`<span data-testid=${testid} data-warnings=${warning} data-infos=${info}>${[
    warning ? html`<span class="alert-count alert-warning">⚠ ${warning} ${warning === 1 ? 'warning' : 'warnings'}</span>` : nothing,
    warning && info ? ', ' : nothing,
    info ? html`<span class="alert-count alert-info">ℹ ${info} info</span>` : nothing,
  ]}</span>`;
}

// ------------------------------------------------------------------------------------------ figures

/** A figure of profile.json ({value, exact, error}) or a bare value, as {value, exact, error}. */
export function fig(x) {
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && 'value' in x) {
    return { value: x.value, exact: x.exact !== false, error: x.error ?? null };
  }
  return { value: x ?? null, exact: true, error: null };
}

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 6 });
const percent = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A number as people read it: digit grouping for integers, 6 significant digits otherwise. */
export function num(value) {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value !== 'number' && (typeof value !== 'string' || Number.isNaN(n) || !/^-?[\d.]+(e[+-]?\d+)?$/i.test(value))) {
    return String(value);
  }
  if (!Number.isFinite(n)) return String(value);
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

/** A percentage figure; profile.json writes *_pct figures as percentages (0–100). */
export function pct(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  return `${percent.format(Number(value))} %`;
}

function isPct(name) {
  return /(^|_)pct$|percent/.test(name);
}

function label(name) {
  return String(name).replace(/_pct$/, ' %').replace(/_/g, ' ');
}

/** A figure's value with an "≈" marker when approximate (its error bound in the tooltip). */
export function figure(x, name = '') {
  const f = fig(x);
  if (f.value === null || f.value === undefined) return html`<span class="muted">—</span>`;
  let text;
  if (typeof f.value === 'object') text = JSON.stringify(f.value);
  else text = isPct(name) ? pct(f.value) : num(f.value);
  if (f.exact) return html`<span class="figure">${text}</span>`;
  const bound = typeof f.error === 'number' ? ` (relative error up to ±${percent.format(f.error * 100)} %)` : '';
  return html`<span class="figure approx" data-testid="approx" title="Approximate${bound}"
    ><span class="approx-mark" aria-label="approximately">≈</span>${text}</span>`;
}

// ------------------------------------------------------------------------------------------ charts

const CHART_W = 240;
const CHART_H = 64;

/** Binned counts as a small inline SVG bar chart. */
function binsChart(hist, columnName) {
  const counts = (hist.counts ?? []).map((c) => Number(c) || 0);
  const edges = hist.edges ?? [];
  if (counts.length === 0) return nothing;
  const max = Math.max(1, ...counts);
  const w = CHART_W / counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  const approx = hist.exact === false ? 'about ' : '';
  const summary = `Histogram of ${columnName}: ${counts.length} bins from ${num(edges[0])} to ${num(edges[edges.length - 1])}, ${approx}${num(total)} values`;
  return html`
    <figure class="chart" data-testid="column-chart" data-kind="bins">
      <svg viewBox="0 0 240 64" width="240" height="64" role="img" aria-label=${summary}
        preserveAspectRatio="none">
        ${counts.map((c, i) => {
          const h = c === 0 ? 0 : Math.max(1, (c / max) * (CHART_H - 2));
          return svg`<rect class="bar" x=${(i * w + 0.5).toFixed(2)} y=${(CHART_H - h).toFixed(2)}
            width=${Math.max(0.5, w - 1).toFixed(2)} height=${h.toFixed(2)}><title>${num(edges[i])} – ${num(edges[i + 1])}: ${num(c)}</title></rect>`;
        })}
      </svg>
      <figcaption class="chart-axis"><span>${num(edges[0])}</span><span>${num(edges[edges.length - 1])}</span></figcaption>
    </figure>`;
}

/** The most frequent values as horizontal bars, with the rest as "other". */
function topKChart(hist, columnName) {
  const values = hist.values ?? [];
  if (values.length === 0) return nothing;
  const shown = values.slice(0, 10);
  const max = Math.max(1, ...shown.map((v) => Number(fig(v.count).value) || 0));
  return html`
    <figure class="chart topk" data-testid="column-chart" data-kind="top_k"
      aria-label="Most frequent values of ${columnName}">
      <table class="topk-table">
        <tbody>
          ${shown.map((v) => {
            const c = Number(fig(v.count).value) || 0;
            return html`<tr data-testid="topk-row">
              <th scope="row" class="mono" title=${String(v.value)}>${v.value === null || v.value === undefined
                ? html`<span class="muted null">null</span>` : String(v.value)}</th>
              <td class="topk-bar-cell"><span class="topk-bar" style="width: ${((c / max) * 100).toFixed(1)}%"></span></td>
              <td class="num">${figure(hist.exact === false ? { value: fig(v.count).value, exact: false } : v.count)}</td></tr>`;
          })}
        </tbody>
      </table>
      ${values.length > shown.length || hist.other ? html`<figcaption class="muted"><small>${
        values.length > shown.length ? `${values.length - shown.length} more listed; ` : ''}${
        hist.other !== undefined && hist.other !== null
          ? html`other values: ${figure(hist.exact === false ? { value: fig(hist.other).value, exact: false } : hist.other)}` : nothing}</small></figcaption>` : nothing}
    </figure>`;
}

export function chart(hist, columnName) {
  if (!hist) return nothing;
  if (hist.kind === 'bins') return binsChart(hist, columnName);
  if (hist.kind === 'top_k') return topKChart(hist, columnName);
  return nothing;
}

// ------------------------------------------------------------------------------------------ the view

/** [key figures in KEY_FIGURES order, the other figures in the profile's order]. */
function splitFigures(figures) {
  const keys = Object.keys(figures ?? {});
  return [KEY_FIGURES.filter((k) => keys.includes(k)), keys.filter((k) => !KEY_FIGURES.includes(k))];
}

/** "⚠ 1 ℹ 2": a column's alerts by severity (the tooltip lists their messages). */
function columnAlertMarks(alerts) {
  const warnings = alerts.filter((a) => String(a.severity).toLowerCase() === 'warning').length;
  const infos = alerts.length - warnings;
  return html`${warnings ? html`<span class="alert-warning" aria-label="${warnings} ${warnings === 1 ? 'warning' : 'warnings'}">⚠ ${warnings}</span>` : nothing}
    ${infos ? html`<span class="alert-info" aria-label="${infos} info">ℹ ${infos}</span>` : nothing}`;
}

function severityBadge(severity) {
  const s = String(severity ?? 'info').toLowerCase();
  return html`<span class="status severity-${s}" data-testid="alert-severity">${s === 'warning' ? '⚠ warning' : 'ℹ info'}</span>`;
}

function checkBadge(status) {
  const s = String(status ?? '').toLowerCase();
  const text = { pass: '✓ pass', warn: '! warn', fail: '✗ fail' }[s] ?? s;
  return html`<span class="status check-${s}" data-testid="check-status">${text}</span>`;
}

function valueText(v) {
  if (v === null || v === undefined) return html`<span class="muted">—</span>`;
  if (typeof v === 'object' && 'value' in v) return figure(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return typeof v === 'number' ? num(v) : String(v);
}

/**
 * <da-profile>: one profile. Properties: projectId, loaded ({profile, json, html, run} from loadProfile),
 * latestVersion (number of the dataset's latest version, to say when the profile is of an older one).
 */
class DaProfile extends LightElement {
  static properties = {
    projectId: {},
    loaded: { attribute: false },
    latestVersion: { attribute: false },
    columnFilter: { state: true },
    alertsOnly: { state: true },
    cardsOffset: { state: true },
    allAlerts: { state: true },
    allChecks: { state: true },
    downloading: { state: true },
  };

  constructor() {
    super();
    this.columnFilter = '';
    this.alertsOnly = false;
    this.cardsOffset = 0;
    this.allAlerts = false;
    this.allChecks = false;
    this.downloading = null;
  }

  willUpdate(changed) {
    if (changed.has('loaded')) {
      const before = changed.get('loaded');
      if (before?.run?.id !== this.loaded?.run?.id) {
        this.cardsOffset = 0;
        this.allAlerts = false;
        this.allChecks = false;
      }
    }
  }

  async download(event, artifact) {
    event.preventDefault();
    this.downloading = artifact.id;
    try {
      await api.downloadArtifact(this.projectId, artifact);
    } catch (e) {
      this.notify(`Could not download "${artifact.name}": ${e.message}`, 'error');
    } finally {
      this.downloading = null;
    }
  }

  showColumn(name) {
    this.columnFilter = name;
    this.alertsOnly = false;
    this.cardsOffset = 0;
    this.updateComplete.then(() => this.querySelector('[data-testid="column-cards"]')
      ?.scrollIntoView({ block: 'start', behavior: 'smooth' }));
  }

  get profile() {
    return this.loaded?.profile ?? null;
  }

  get sections() {
    return this.profile?.sections ?? {};
  }

  renderDownloads() {
    const links = [['html', this.loaded?.html, 'profile.html'], ['json', this.loaded?.json, 'profile.json']]
      .filter(([, a]) => a);
    if (links.length === 0) return nothing;
    return html`
      <p class="profile-downloads" data-testid="profile-downloads">Download:
        ${links.map(([kind, a]) => html`
          <a href=${api.artifactPath(this.projectId, a.id)} download=${a.name} data-testid="profile-download-${kind}"
            data-artifact-id=${a.id} aria-busy=${this.downloading === a.id ? 'true' : 'false'}
            @click=${(e) => this.download(e, a)}>${a.name}</a>`)}
      </p>`;
  }

  renderOverview() {
    const p = this.profile;
    const quality = this.sections.quality ?? {};
    const dup = quality.duplicate_rows ?? null;
    const missingPct = quality.missing_cells_pct;
    const alerts = alertCounts(p);
    const checks = checkCounts(p);
    const rules = checkCounts({ checks: (p.checks ?? []).filter(isRuleCheck) });
    const ds = p.dataset ?? {};
    return html`
      <dl class="facts profile-overview" data-testid="profile-overview">
        <div><dt>Rows</dt><dd data-testid="profile-rows">${figure(ds.rows ?? quality.rows)}</dd></div>
        <div><dt>Columns</dt><dd data-testid="profile-columns">${figure(ds.columns ?? quality.columns)}</dd></div>
        <div><dt>Missing cells</dt><dd data-testid="profile-missing">${missingPct !== undefined
          ? html`${figure(missingPct, 'missing_cells_pct')}${quality.missing_cells !== undefined
            ? html` <small class="muted">(${figure(quality.missing_cells)})</small>` : nothing}`
          : html`<span class="muted">—</span>`}</dd></div>
        <div><dt>Duplicate rows</dt><dd data-testid="profile-duplicates">${dup
          ? html`${figure(dup.count)}${dup.pct !== undefined ? html` <small class="muted">(${figure(dup.pct, 'pct')})</small>` : nothing}`
          : html`<span class="muted">—</span>`}</dd></div>
        <div><dt>Alerts</dt><dd>${alertSummary(p)}</dd></div>
        <div><dt>Checks</dt><dd data-testid="profile-check-counts">${checks.pass + checks.warn + checks.fail === 0
          ? html`<span class="muted">none</span>`
          : html`<span class="check-pass">${checks.pass} pass</span> · <span class="check-warn">${checks.warn} warn</span> ·
            <span class="check-fail">${checks.fail} fail</span>`}</dd></div>
        <div><dt>Rules</dt><dd data-testid="profile-rule-counts" data-pass=${rules.pass} data-warn=${rules.warn}
          data-fail=${rules.fail}>${rules.pass + rules.warn + rules.fail === 0
          ? html`<span class="muted">none declared</span>`
          : html`<span class="check-pass">${rules.pass} pass</span> · <span class="check-warn">${rules.warn} warn</span> ·
            <span class="check-fail">${rules.fail} fail</span>`}</dd></div>
        <div><dt>Profiled</dt><dd>version ${ds.version ?? '—'}
          ${this.latestVersion && ds.version && ds.version !== this.latestVersion
            ? html`<small class="warn-text" data-testid="profile-outdated">(latest is ${this.latestVersion})</small>` : nothing}
          <small class="muted">in ${p.duration_ms !== undefined ? `${num(p.duration_ms / 1000)} s` : '—'}${p.engine?.scans !== undefined
            ? `, ${p.engine.scans} ${p.engine.scans === 1 ? 'scan' : 'scans'}` : ''}</small></dd></div>
        <div><dt>Run</dt><dd><a href=${routes.run(this.projectId, this.loaded.run.id)} class="mono"
          data-testid="profile-run-link">${shortId(this.loaded.run.id)}</a></dd></div>
      </dl>`;
  }

  renderAlerts() {
    const alerts = this.profile.alerts ?? [];
    if (alerts.length === 0) return html`<p class="empty" data-testid="profile-alerts-empty">No alerts.</p>`;
    const sorted = [...alerts].sort((a, b) => (String(a.severity).toLowerCase() === 'warning' ? 0 : 1)
      - (String(b.severity).toLowerCase() === 'warning' ? 0 : 1));
    const shown = this.allAlerts ? sorted : sorted.slice(0, LIST_CAP);
    return html`
      <ul class="alerts" data-testid="profile-alerts">
        ${shown.map((a) => html`
          <li data-testid="profile-alert" data-kind=${a.kind} data-column=${a.column ?? nothing}>
            ${severityBadge(a.severity)}
            <span class="alert-kind mono">${a.kind}</span>
            ${a.column ? html`<button type="button" class="link-button mono" data-testid="alert-column"
              title="Show the column ${a.column}" @click=${() => this.showColumn(a.column)}>${a.column}</button>` : nothing}
            <span>${a.message}</span>
            ${a.profiler ? html`<small class="muted">(${a.profiler})</small>` : nothing}
          </li>`)}
      </ul>
      ${alerts.length > shown.length ? html`<button type="button" class="secondary outline compact"
        data-testid="profile-alerts-all" @click=${() => { this.allAlerts = true; }}>Show all ${alerts.length} alerts</button>` : nothing}`;
  }

  /** The checks as a table: failed first, then warn, then pass; capped until "Show all". */
  checksTable(checks, testid, headingId) {
    const order = { fail: 0, warn: 1, pass: 2 };
    const sorted = [...checks].sort((a, b) => (order[String(a.status).toLowerCase()] ?? 3)
      - (order[String(b.status).toLowerCase()] ?? 3));
    const shown = this.allChecks ? sorted : sorted.slice(0, LIST_CAP);
    return html`
      <div class="overflow-auto">
        <table data-testid=${testid} aria-labelledby=${headingId}>
          <thead><tr><th scope="col">Status</th><th scope="col">Check</th><th scope="col">Column</th>
            <th scope="col" class="num">Observed</th><th scope="col">Threshold</th><th scope="col">Message</th></tr></thead>
          <tbody>
            ${shown.map((c) => html`
              <tr data-testid="profile-check" data-status=${String(c.status).toLowerCase()} data-name=${c.name}
                data-column=${c.column ?? nothing} data-rule=${isRuleCheck(c) ? 'true' : 'false'}
                class=${isRuleCheck(c) ? 'rule-check' : ''}>
                <td>${checkBadge(c.status)}</td>
                <th scope="row" class="mono">${c.name}${isRuleCheck(c)
                  ? html` <small class="badge rule-badge" data-testid="check-rule" title="A rule declared for this dataset">rule</small>`
                  : nothing}</th>
                <td class="mono">${c.column ?? html`<span class="muted">—</span>`}</td>
                <td class="num">${valueText(c.observed)}</td>
                <td>${valueText(c.threshold)}</td>
                <td>${c.message}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${checks.length > shown.length ? html`<button type="button" class="secondary outline compact"
        data-testid="${testid}-all" @click=${() => { this.allChecks = true; }}>Show all ${checks.length} checks</button>` : nothing}`;
  }

  renderChecks() {
    const checks = this.profile.checks ?? [];
    const rules = checks.filter(isRuleCheck);
    const builtIn = checks.filter((c) => !isRuleCheck(c));
    return html`
      <h4 id="profile-rule-checks-heading">Declared rules <small class="muted">(checks of the rules declared for
        this dataset when the profile ran)</small></h4>
      ${rules.length === 0
        ? html`<p class="empty" data-testid="profile-rule-checks-none">No rules were declared when this profile ran.
          Declare them under Rules; they apply to the next profile.</p>`
        : this.checksTable(rules, 'profile-rule-checks', 'profile-rule-checks-heading')}
      <h4 id="profile-builtin-checks-heading">Built-in checks</h4>
      ${builtIn.length === 0
        ? html`<p class="empty" data-testid="profile-checks-empty">No checks.</p>`
        : this.checksTable(builtIn, 'profile-checks', 'profile-builtin-checks-heading')}`;
  }

  renderCard(c, alertsByColumn) {
    const figures = c.figures ?? {};
    const [key, more] = splitFigures(figures);
    const alerts = alertsByColumn.get(c.name) ?? [];
    return html`
      <article class="column-card" data-testid="column-card" data-column=${c.name}>
        <header>
          <strong class="mono column-name" data-testid="column-name" title=${c.name}>${c.name}</strong>
          <span class="mono muted column-type">${c.type}</span>
          ${c.semantic_type ? html`<span class="badge" data-testid="semantic-type">${c.semantic_type}</span>` : nothing}
          ${alerts.length ? html`<span class="column-alerts" title=${alerts.map((a) => a.message).join('\n')}
            data-testid="column-alert-count">${columnAlertMarks(alerts)}</span>` : nothing}
        </header>
        <dl class="figures" data-testid="column-figures">
          ${key.map((k) => html`
            <div data-figure=${k}><dt>${label(k)}</dt><dd>${figure(figures[k], k)}</dd></div>`)}
        </dl>
        ${more.length ? html`<details class="more-figures"><summary>More figures (${more.length})</summary>
          <dl class="figures">${more.map((k) => html`
            <div data-figure=${k}><dt>${label(k)}</dt><dd>${figure(figures[k], k)}</dd></div>`)}</dl></details>` : nothing}
        ${chart(c.histogram, c.name)}
        <ul class="column-extras">
          ${c.lengths ? html`<li><span class="muted">length</span> ${figure(c.lengths.min)} – ${figure(c.lengths.max)}
            ${c.lengths.mean !== undefined ? html`(mean ${figure(c.lengths.mean)})` : nothing}</li>` : nothing}
          ${c.date_range ? html`<li><span class="muted">range</span> ${valueText(c.date_range.min)} – ${valueText(c.date_range.max)}
            ${c.date_range.granularity ? html`<small class="muted">(${c.date_range.granularity})</small>` : nothing}</li>` : nothing}
          ${c.pattern ? html`<li><span class="muted">pattern</span> <code>${typeof c.pattern === 'object'
            ? JSON.stringify(c.pattern) : c.pattern}</code></li>` : nothing}
          ${c.monotonic && c.monotonic !== 'none' ? html`<li><span class="muted">monotonic</span> ${c.monotonic}</li>` : nothing}
          ${(c.notes ?? []).map((n) => html`<li class="muted"><small>${n}</small></li>`)}
        </ul>
      </article>`;
  }

  renderColumns() {
    const section = this.sections.columns;
    if (!section) {
      return html`<p class="empty" data-testid="column-cards-none">This profile has no column section: the columns
        profiler was not running${(this.profile.failures ?? []).some((f) => f.profiler === 'columns') ? ' or it failed (see below)' : ''}.</p>`;
    }
    const columns = section.columns ?? [];
    const alertsByColumn = new Map();
    for (const a of this.profile.alerts ?? []) {
      if (!a.column) continue;
      if (!alertsByColumn.has(a.column)) alertsByColumn.set(a.column, []);
      alertsByColumn.get(a.column).push(a);
    }
    const needle = this.columnFilter.trim().toLowerCase();
    const matching = columns.filter((c) => (!needle || String(c.name).toLowerCase().includes(needle)
      || String(c.semantic_type ?? '').toLowerCase() === needle)
      && (!this.alertsOnly || alertsByColumn.has(c.name)));
    const offset = Math.min(this.cardsOffset, Math.max(0, matching.length - 1));
    const page = matching.slice(offset, offset + CARDS_PAGE);
    return html`
      <div class="card-tools">
        <input type="search" placeholder="Filter columns by name or semantic type" aria-label="Filter columns"
          data-testid="column-filter" .value=${this.columnFilter}
          @input=${(e) => { this.columnFilter = e.target.value; this.cardsOffset = 0; }}>
        <label><input type="checkbox" data-testid="columns-alerts-only" .checked=${this.alertsOnly}
          @change=${(e) => { this.alertsOnly = e.target.checked; this.cardsOffset = 0; }}> Only columns with alerts</label>
      </div>
      ${matching.length === 0 ? html`<p class="empty" data-testid="column-cards-empty">No column matches.</p>` : html`
        <div class="column-cards" data-testid="column-cards">${page.map((c) => this.renderCard(c, alertsByColumn))}</div>
        ${matching.length > CARDS_PAGE ? html`
          <nav class="pager" aria-label="Column pages" data-testid="columns-pager">
            <button type="button" class="secondary outline compact" data-testid="columns-prev" ?disabled=${offset === 0}
              @click=${() => { this.cardsOffset = Math.max(0, offset - CARDS_PAGE); }}>← Previous</button>
            <span aria-live="polite">columns ${offset + 1}–${offset + page.length} of ${matching.length}</span>
            <button type="button" class="secondary outline compact" data-testid="columns-next"
              ?disabled=${offset + CARDS_PAGE >= matching.length}
              @click=${() => { this.cardsOffset = offset + CARDS_PAGE; }}>Next →</button>
          </nav>` : nothing}`}`;
  }

  renderDrift() {
    const quality = this.sections.quality;
    if (!quality) return html`<p class="muted">No quality section in this profile.</p>`;
    const drift = quality.drift;
    if (!drift) return html`<p class="empty" data-testid="profile-drift-none">No drift: this is the first version.</p>`;
    return html`
      <p data-testid="profile-drift">From version ${drift.from_version} to ${drift.to_version}:
        ${driftSummary(drift, 'profile-drift-summary')} ${drift.breaking ? breakingBadge('profile-drift-breaking') : nothing}</p>
      ${(drift.changes ?? []).length ? html`<details><summary>Changes</summary>${driftTable(drift, null, 'profile-drift-table')}</details>` : nothing}`;
  }

  renderProfilers() {
    const profilers = this.profile.profilers ?? [];
    if (profilers.length === 0) return nothing;
    return html`<p class="muted" data-testid="profile-profilers"><small>Profilers: ${profilers.map((p, i) => html`${i ? ', ' : ''}<span
      class="mono" title=${p.bundle ?? ''}>${p.name}</span> (${p.status}${p.metrics !== undefined ? `, ${p.metrics} metrics` : ''}${
      p.time_ms !== undefined ? `, ${num(p.time_ms / 1000)} s` : ''})`)}.</small></p>`;
  }

  renderFailures() {
    const failures = this.profile.failures ?? [];
    if (failures.length === 0) {
      return html`<p class="empty" data-testid="profile-failures-none">Every profiler succeeded.</p>${this.renderProfilers()}`;
    }
    return html`${this.renderProfilers()}
      <ul class="failures" data-testid="profile-failures">
        ${failures.map((f) => html`<li data-testid="profile-failure" data-profiler=${f.profiler}>
          <strong class="mono">${f.profiler}</strong> <small class="muted">${f.bundle ?? ''}</small>
          failed at <em>${f.stage}</em>: <span class="error-text">${f.reason}</span></li>`)}
      </ul>`;
  }

  renderDuplicates() {
    const examples = this.sections.quality?.duplicate_rows?.examples ?? [];
    if (examples.length === 0) return nothing;
    return html`<details data-testid="duplicate-examples"><summary>Examples of duplicate rows</summary>
      <div class="overflow-auto"><table><tbody>${examples.map((row) => html`<tr>${(Array.isArray(row) ? row : [row])
        .map((v) => html`<td class="mono">${v === null ? html`<span class="muted null">null</span>` : String(v)}</td>`)}</tr>`)}
      </tbody></table></div></details>`;
  }

  render() {
    if (!this.profile) return nothing;
    const failures = this.profile.failures ?? [];
    return html`
      ${this.renderDownloads()}
      ${this.renderOverview()}
      ${this.renderDuplicates()}
      <h3 id="profile-alerts-heading">Alerts</h3>
      ${this.renderAlerts()}
      <h3 id="profile-checks-heading">Checks</h3>
      ${this.renderChecks()}
      <h3 id="profile-columns-heading">Columns</h3>
      ${this.renderColumns()}
      <h3 id="profile-drift-heading">Schema drift</h3>
      ${this.renderDrift()}
      <h3 id="profile-failures-heading">Profiler failures ${failures.length ? html`<span class="status status-failed">${failures.length}</span>` : nothing}</h3>
      ${this.renderFailures()}`;
  }
}

customElements.define('da-profile', DaProfile);

/**
 * Check counts ({pass, warn, fail}, e.g. a dataset's profile summary) as "1 failed check, 2 warn, 5 pass" or
 * "no checks".
 */
export function checkCountsView(counts, testid = 'profile-check-summary') {
  const pass = Number(counts?.pass ?? 0) || 0;
  const warn = Number(counts?.warn ?? 0) || 0;
  const fail = Number(counts?.fail ?? 0) || 0;
  if (pass + warn + fail === 0) {
    return html`<span class="muted" data-testid=${testid} data-pass="0" data-warn="0" data-fail="0">no checks</span>`;
  }
  return html`<span data-testid=${testid} data-pass=${pass} data-warn=${warn} data-fail=${fail}>${[
    html`<span class=${fail ? 'check-fail' : 'muted'}>✗ ${fail} ${fail === 1 ? 'failed check' : 'failed checks'}</span>`,
    ', ',
    html`<span class=${warn ? 'check-warn' : 'muted'}>! ${warn} warn</span>`,
    ', ',
    html`<span class="check-pass">✓ ${pass} pass</span>`,
  ]}</span>`;
}
