// <da-rules>: the rule checks declared for a dataset (GET/PUT …/datasets/<id>/rules). The user edits a
// working copy — add a rule with a form whose fields follow the rule type, change a rule's severity, remove a
// rule, or edit the whole list as JSON — and "Save rules" replaces the stored list with it. The server checks
// every rule against the latest version's columns; when it refuses, its problem detail is shown and the
// working copy (and the JSON text) stays as the user left it. Saved rules apply to the next profile run.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import { api, itemsOf } from '../api.js';
import { time } from '../format.js';
import { aborted, LightElement } from '../light-element.js';
import { isRuleCheck } from './profile.js';

/** The types the quality profiler evaluates; offered only when the profilers cannot be listed. */
const KNOWN_TYPES = ['not_null', 'unique', 'range', 'regex', 'allowed_values', 'row_count'];

/** How a rule type reads in the type picker. */
const TYPE_LABELS = {
  not_null: 'not null — the column has no missing values',
  unique: 'unique — no value of the column repeats',
  range: 'range — values lie between a minimum and a maximum',
  regex: 'pattern — every value matches a regular expression',
  allowed_values: 'allowed values — only listed values occur',
  row_count: 'row count — the number of rows lies between bounds',
};

/** Types the form knows the fields of; others can be declared through "Edit as JSON". */
const FORM_TYPES = new Set(KNOWN_TYPES);

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC|INT\d+|FLOAT\d+)\b/i;

/** Whether a column type (DuckDB's name, e.g. "DECIMAL(12,2)") is a number: bounds and values are sent as numbers then. */
export function isNumericType(type) {
  return NUMERIC.test(String(type ?? '').trim());
}

/** The check name a rule gets in a profile: rule:<name>, else rule:<type>. */
export function checkName(rule) {
  const name = typeof rule?.name === 'string' && rule.name.trim() ? rule.name : null;
  return `rule:${name ?? rule?.type ?? 'invalid'}`;
}

function show(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A rule's own parameters in words: "0 ≤ value ≤ 100", "/^[A-Z]{2}$/", "a, b, c"… */
export function ruleParameters(rule) {
  const bounds = (min, max) => {
    const hasMin = min !== undefined && min !== null;
    const hasMax = max !== undefined && max !== null;
    if (hasMin && hasMax) return `${show(min)} … ${show(max)}`;
    if (hasMin) return `≥ ${show(min)}`;
    if (hasMax) return `≤ ${show(max)}`;
    return '';
  };
  switch (rule?.type) {
    case 'range':
    case 'row_count':
      return bounds(rule.min, rule.max);
    case 'regex':
      return typeof rule.pattern === 'string' ? `/${rule.pattern}/` : '';
    case 'allowed_values':
      return Array.isArray(rule.values) ? rule.values.map(show).join(', ') : '';
    default: {
      const extra = Object.entries(rule ?? {}).filter(([k]) => !['type', 'column', 'name', 'severity'].includes(k));
      return extra.map(([k, v]) => `${k}: ${show(v)}`).join(', ');
    }
  }
}

/** JSON with sorted object keys: equal rules compare equal whatever order their keys came in. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const EMPTY_FORM = { type: '', column: '', min: '', max: '', pattern: '', values: '', name: '', severity: 'fail' };

/**
 * Properties: projectId, datasetId, columns (the latest version's schema columns), latestVersion (its number),
 * lastProfile ({profile, run} of the newest succeeded profile, to show each rule's latest result), profiling
 * (whether a profile run is queued or running). Fires da-run-profile when the user asks for a profile.
 */
class DaRules extends LightElement {
  static properties = {
    projectId: {},
    datasetId: {},
    columns: { attribute: false },
    latestVersion: { attribute: false },
    lastProfile: { attribute: false },
    profiling: { attribute: false },
    saved: { state: true },
    draft: { state: true },
    loadError: { state: true },
    types: { state: true },
    typesNote: { state: true },
    form: { state: true },
    formError: { state: true },
    mode: { state: true },
    jsonText: { state: true },
    jsonError: { state: true },
    saving: { state: true },
    saveError: { state: true },
    savedNotice: { state: true },
  };

  constructor() {
    super();
    this.columns = [];
    this.latestVersion = null;
    this.lastProfile = null;
    this.profiling = false;
    this.saved = null; // {dataset_id, rules, updated_at} as the server has it
    this.draft = null; // the working copy of the rules
    this.loadError = null;
    this.types = null;
    this.typesNote = null;
    this.form = { ...EMPTY_FORM, type: KNOWN_TYPES[0] };
    this.revision = 0; // bumped when rules are added, removed or replaced: the table is then drawn afresh
    this.formError = null;
    this.formField = null;
    this.mode = 'form';
    this.jsonText = '';
    this.jsonError = null;
    this.saving = false;
    this.saveError = null;
    this.savedNotice = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.loadTypes();
  }

  async load() {
    try {
      const answer = await api.datasetRules(this.projectId, this.datasetId, this.signal);
      this.saved = { ...answer, rules: Array.isArray(answer?.rules) ? answer.rules : [] };
      this.draft = this.saved.rules.map((r) => ({ ...r }));
      this.jsonText = JSON.stringify(this.draft, null, 2);
      this.revision += 1;
      this.loadError = null;
    } catch (e) {
      if (!aborted(e)) this.loadError = e.message;
    }
  }

  /** The rule types the running profilers evaluate (GET /profilers, rule_types), for the type picker. */
  async loadTypes() {
    try {
      const profilers = itemsOf(await api.profilers(this.signal));
      const types = [];
      for (const p of profilers) {
        for (const t of p.rule_types ?? []) if (!types.includes(t)) types.push(t);
      }
      this.types = types;
      this.typesNote = types.length ? null
        : 'No running profiler evaluates rules: rules can be kept, but the next profile will not check them.';
    } catch (e) {
      if (aborted(e)) return;
      this.types = KNOWN_TYPES;
      this.typesNote = `The profilers could not be listed (${e.message}); the usual rule types are offered.`;
    }
    if (!this.form.type || !this.types.includes(this.form.type)) {
      this.form = { ...this.form, type: this.types.find((t) => FORM_TYPES.has(t)) ?? this.types[0] ?? '' };
    }
  }

  get dirty() {
    if (!this.saved || !this.draft) return false;
    if (this.mode === 'json') {
      try {
        return canonical(JSON.parse(this.jsonText)) !== canonical(this.saved.rules);
      } catch {
        return true;
      }
    }
    return canonical(this.draft) !== canonical(this.saved.rules);
  }

  get columnByName() {
    return new Map((this.columns ?? []).map((c) => [c.name, c]));
  }

  changed() {
    this.savedNotice = false;
  }

  setField(key, value) {
    this.form = { ...this.form, [key]: value };
    if (this.formField === key) {
      this.formError = null;
      this.formField = null;
    }
  }

  /** Turns the form into a rule, or answers {error, field}. */
  ruleOfForm() {
    const f = this.form;
    const type = f.type;
    if (!type) return { error: 'Choose a rule type.', field: 'type' };
    const rule = { type };
    const column = this.columnByName.get(f.column);
    if (type !== 'row_count') {
      if (!column) return { error: 'Choose the column the rule is about.', field: 'column' };
      rule.column = column.name;
    }
    const numeric = type === 'row_count' || isNumericType(column?.type);
    const bound = (text, label, key) => {
      const t = String(text ?? '').trim();
      if (t === '') return undefined;
      if (!numeric) return t;
      const n = Number(t);
      if (!Number.isFinite(n)) {
        return { error: type === 'row_count' ? `${label} must be a whole number.`
          : `${label} must be a number: '${column.name}' is a ${column.type} column.`, field: key };
      }
      if (type === 'row_count' && (!Number.isInteger(n) || n < 0)) {
        return { error: `${label} must be a whole number, 0 or more.`, field: key };
      }
      return n;
    };
    if (type === 'range' || type === 'row_count') {
      const min = bound(f.min, type === 'row_count' ? 'Minimum rows' : 'Minimum', 'min');
      const max = bound(f.max, type === 'row_count' ? 'Maximum rows' : 'Maximum', 'max');
      for (const b of [min, max]) if (b && typeof b === 'object') return b;
      if (min === undefined && max === undefined) {
        return { error: 'Give a minimum, a maximum or both.', field: 'min' };
      }
      if (typeof min === 'number' && typeof max === 'number' && min > max) {
        return { error: 'The minimum is greater than the maximum.', field: 'min' };
      }
      if (min !== undefined) rule.min = min;
      if (max !== undefined) rule.max = max;
    } else if (type === 'regex') {
      if (!f.pattern) return { error: 'Give the pattern every value must match.', field: 'pattern' };
      rule.pattern = f.pattern;
    } else if (type === 'allowed_values') {
      const lines = String(f.values ?? '').split('\n').map((v) => v.trim()).filter((v) => v !== '');
      if (lines.length === 0) return { error: 'List the allowed values, one per line.', field: 'values' };
      if (isNumericType(column.type)) {
        const numbers = lines.map(Number);
        const bad = lines.find((v, i) => !Number.isFinite(numbers[i]));
        if (bad !== undefined) {
          return { error: `'${bad}' is not a number: '${column.name}' is a ${column.type} column.`, field: 'values' };
        }
        rule.values = numbers;
      } else {
        rule.values = lines;
      }
    } else if (!FORM_TYPES.has(type)) {
      return { error: `The form does not know the fields of '${type}' rules: declare it with "Edit as JSON".`, field: 'type' };
    }
    if (f.name.trim()) rule.name = f.name.trim();
    if (f.severity === 'warn') rule.severity = 'warn';
    return { rule };
  }

  addRule(event) {
    event.preventDefault();
    const { rule, error, field } = this.ruleOfForm();
    if (error) {
      this.formError = error;
      this.formField = field;
      this.updateComplete.then(() => this.querySelector(`#rule-${field}`)?.focus());
      return;
    }
    this.draft = [...this.draft, rule];
    this.revision += 1;
    this.formError = null;
    this.formField = null;
    this.form = { ...EMPTY_FORM, type: this.form.type, column: this.form.column };
    this.changed();
  }

  removeRule(index) {
    this.draft = this.draft.filter((_, i) => i !== index);
    this.revision += 1;
    this.changed();
  }

  setSeverity(index, severity) {
    this.draft = this.draft.map((r, i) => (i === index ? { ...r, severity } : r));
    this.changed();
  }

  discard() {
    this.revision += 1;
    this.draft = this.saved.rules.map((r) => ({ ...r }));
    this.jsonText = JSON.stringify(this.draft, null, 2);
    this.jsonError = null;
    this.saveError = null;
  }

  /** The JSON text as a list of rules (a list, or {"rules": [...]}), or an error message. */
  parseJson() {
    let value;
    try {
      value = JSON.parse(this.jsonText);
    } catch (e) {
      return { error: `This is not valid JSON: ${e.message}` };
    }
    if (value && !Array.isArray(value) && Array.isArray(value.rules)) value = value.rules;
    if (!Array.isArray(value)) return { error: 'The rules must be a JSON list: [{"type": "not_null", "column": "…"}, …].' };
    const bad = value.findIndex((r) => r === null || typeof r !== 'object' || Array.isArray(r));
    if (bad >= 0) return { error: `Rule ${bad + 1} is not a JSON object.` };
    return { rules: value };
  }

  selectMode(mode, focus = false) {
    if (mode === this.mode) return;
    if (mode === 'json') {
      this.jsonText = JSON.stringify(this.draft, null, 2);
      this.jsonError = null;
    } else {
      const { rules, error } = this.parseJson();
      if (error) {
        this.jsonError = `${error} Correct it before going back to the form.`;
        return;
      }
      this.draft = rules;
      this.revision += 1;
      this.jsonError = null;
    }
    this.mode = mode;
    if (focus) this.updateComplete.then(() => this.querySelector(`#rules-tab-${mode}`)?.focus());
  }

  tabKeydown(event) {
    if (['ArrowRight', 'ArrowLeft', 'Home', 'End'].includes(event.key)) {
      event.preventDefault();
      const next = event.key === 'Home' ? 'form' : event.key === 'End' ? 'json' : (this.mode === 'form' ? 'json' : 'form');
      this.selectMode(next, true);
    }
  }

  async save() {
    let rules = this.draft;
    if (this.mode === 'json') {
      const parsed = this.parseJson();
      if (parsed.error) {
        this.jsonError = parsed.error;
        return;
      }
      rules = parsed.rules;
      this.draft = rules;
      this.revision += 1;
      this.jsonError = null;
    }
    this.saving = true;
    this.saveError = null;
    this.savedNotice = false;
    try {
      const answer = await api.putDatasetRules(this.projectId, this.datasetId, rules);
      this.saved = { ...answer, rules: Array.isArray(answer?.rules) ? answer.rules : [] };
      this.draft = this.saved.rules.map((r) => ({ ...r }));
      this.jsonText = JSON.stringify(this.draft, null, 2);
      this.revision += 1;
      this.savedNotice = true;
    } catch (e) {
      if (!aborted(e)) this.saveError = e.detail || e.message;
    } finally {
      this.saving = false;
    }
  }

  runProfile() {
    this.savedNotice = false;
    this.dispatchEvent(new CustomEvent('da-run-profile', { bubbles: true, composed: true }));
  }

  /** The positions (1-based) of the rules a refusal names ("rule 2 (range): …"). */
  get refusedRules() {
    const positions = new Set();
    for (const m of String(this.saveError ?? '').matchAll(/\brule (\d+)\b/gi)) positions.add(Number(m[1]));
    return positions;
  }

  /**
   * Each saved rule's check in the newest profile, when that profile ran with exactly the saved rules (its run's
   * params.rules): rule checks come in the order of the rules. Otherwise null.
   */
  get lastResults() {
    const run = this.lastProfile?.run;
    const profile = this.lastProfile?.profile;
    const ran = run?.params?.rules;
    if (!profile || !Array.isArray(ran) || !this.saved || canonical(ran) !== canonical(this.saved.rules)) return null;
    const checks = (profile.checks ?? []).filter(isRuleCheck);
    return checks.length === ran.length ? checks : null;
  }

  renderResult(index, results, draftMatchesSaved) {
    if (!results || !draftMatchesSaved) return html`<span class="muted">—</span>`;
    const check = results[index];
    const s = String(check?.status ?? '').toLowerCase();
    const text = { pass: '✓ pass', warn: '! warn', fail: '✗ fail' }[s] ?? s;
    return html`<span class="status check-${s}" data-testid="rule-result" data-status=${s}
      title=${check?.message ?? ''}>${text}</span>`;
  }

  renderList() {
    const rules = this.draft ?? [];
    if (rules.length === 0) {
      return html`<p class="empty" data-testid="rules-empty">No rules${this.dirty ? ' in the working copy' : ' are declared'}.
        A rule is a check you declare for this dataset — a column is never missing, its values are unique or within a
        range, match a pattern or come from a list, or the number of rows is within bounds. Every profile evaluates
        the rules.</p>`;
    }
    const refused = this.refusedRules;
    const results = this.lastResults;
    const draftMatchesSaved = canonical(this.draft) === canonical(this.saved?.rules ?? []);
    const columns = this.columnByName;
    return html`${keyed(this.revision, html`
      <div class="overflow-auto">
        <table data-testid="rules-table" aria-labelledby="rules-heading">
          <thead><tr><th scope="col" class="num">#</th><th scope="col">Type</th><th scope="col">Column</th>
            <th scope="col">Parameters</th><th scope="col">Name</th><th scope="col">Severity</th>
            <th scope="col">Last profile</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            ${rules.map((r, i) => {
              const about = `rule ${i + 1} (${r.type ?? 'no type'}${r.column ? ` on ${r.column}` : ''})`;
              const missing = r.column && columns.size && !columns.has(r.column);
              return html`
                <tr data-testid="rule-row" data-type=${r.type ?? ''} data-column=${r.column ?? nothing}
                  data-refused=${refused.has(i + 1) ? 'true' : 'false'} class=${refused.has(i + 1) ? 'rule-refused' : ''}>
                  <td class="num">${refused.has(i + 1) ? html`<span class="error-text" title="The server refused this rule"
                    >✗<span class="visually-hidden"> refused:</span></span> ` : nothing}${i + 1}</td>
                  <th scope="row" class="mono" data-testid="rule-type">${r.type ?? '—'}</th>
                  <td class="mono" data-testid="rule-column">${r.column ?? html`<span class="muted">—</span>`}${missing
                    ? html` <small class="error-text" title="The latest version has no such column">not in the latest version</small>`
                    : nothing}</td>
                  <td class="mono" data-testid="rule-params">${ruleParameters(r)}</td>
                  <td data-testid="rule-name">${r.name ?? html`<span class="muted">—</span>`}
                    <br><small class="muted mono" title="The check's name in a profile">${checkName(r)}</small></td>
                  <td>
                    <select class="compact-select" aria-label="Severity of ${about}" data-testid="rule-severity"
                      @change=${(e) => this.setSeverity(i, e.target.value)}>
                      <option value="fail" ?selected=${r.severity !== 'warn'}>fail</option>
                      <option value="warn" ?selected=${r.severity === 'warn'}>warn</option>
                    </select>
                  </td>
                  <td>${this.renderResult(i, results, draftMatchesSaved)}</td>
                  <td class="actions">
                    <button type="button" class="secondary outline compact" data-testid="rule-remove"
                      aria-label="Remove ${about}" @click=${() => this.removeRule(i)}>Remove</button>
                  </td>
                </tr>`;
            })}
          </tbody>
        </table>
      </div>`)}
      ${this.lastProfile && !results && this.saved?.rules?.length
        ? html`<p class="muted" data-testid="rules-results-stale"><small>The newest profile ran with other rules than
          these: their results appear after the next profile.</small></p>` : nothing}`;
  }

  renderField(key, label, input, hint) {
    const invalid = this.formField === key;
    return html`
      <div class="rule-field">
        <label for="rule-${key}">${label}</label>
        ${input(invalid)}
        ${hint ? html`<small id="rule-${key}-hint">${hint}</small>` : nothing}
      </div>`;
  }

  textField(key, label, hint, attrs = {}) {
    return this.renderField(key, label, (invalid) => html`
      <input id="rule-${key}" name=${key} type="text" .value=${live(this.form[key])} autocomplete="off"
        inputmode=${attrs.inputmode ?? nothing} placeholder=${attrs.placeholder ?? nothing}
        aria-invalid=${invalid ? 'true' : nothing} aria-describedby=${hint ? `rule-${key}-hint` : nothing}
        @input=${(e) => this.setField(key, e.target.value)}>`, hint);
  }

  renderTypeFields() {
    const type = this.form.type;
    const column = this.columnByName.get(this.form.column);
    const numeric = isNumericType(column?.type);
    const boundHint = column
      ? (numeric ? `Numbers: '${column.name}' is a ${column.type} column.`
        : `Compared as ${column.type} values, e.g. 2024-01-01 for a date; text compares as text.`)
      : 'Numbers for numeric columns; for date and time columns e.g. 2024-01-01.';
    switch (type) {
      case 'range':
        return html`<div class="grid">
          ${this.textField('min', 'Minimum', boundHint, { inputmode: numeric ? 'decimal' : undefined })}
          ${this.textField('max', 'Maximum', 'Leave one empty for a one-sided range.', { inputmode: numeric ? 'decimal' : undefined })}
        </div>`;
      case 'row_count':
        return html`<div class="grid">
          ${this.textField('min', 'Minimum rows', 'A whole number.', { inputmode: 'numeric' })}
          ${this.textField('max', 'Maximum rows', 'Leave one empty for a one-sided bound.', { inputmode: 'numeric' })}
        </div>`;
      case 'regex':
        return this.textField('pattern', 'Pattern',
          'RE2 syntax (no look-around or back-references); it must match the whole value, e.g. ^[A-Z]{2}$.',
          { placeholder: '^[A-Z]{2}$' });
      case 'allowed_values':
        return this.renderField('values', 'Allowed values', (invalid) => html`
          <textarea id="rule-values" name="values" rows="3" .value=${live(this.form.values)}
            aria-invalid=${invalid ? 'true' : nothing} aria-describedby="rule-values-hint"
            @input=${(e) => this.setField('values', e.target.value)}></textarea>`,
        `One value per line${numeric ? ` (numbers: '${column.name}' is a ${column.type} column)` : ''}.`);
      default:
        return nothing;
    }
  }

  renderForm() {
    const types = this.types ?? KNOWN_TYPES;
    const columns = this.columns ?? [];
    const type = this.form.type;
    return html`
      <form class="rule-form" data-testid="rule-form" aria-label="Add a rule" @submit=${this.addRule} novalidate>
        <div class="grid">
          ${this.renderField('type', 'Rule type', (invalid) => html`
            <select id="rule-type" name="type" data-testid="rule-type-select" aria-invalid=${invalid ? 'true' : nothing}
              .value=${live(type)}
              @change=${(e) => { this.setField('type', e.target.value); this.formError = null; this.formField = null; }}>
              ${types.map((t) => html`<option value=${t} ?selected=${t === type}>${TYPE_LABELS[t] ?? t}</option>`)}
            </select>`)}
          ${type === 'row_count' ? nothing : this.renderField('column', 'Column', (invalid) => html`
            <select id="rule-column" name="column" data-testid="rule-column-select" aria-invalid=${invalid ? 'true' : nothing}
              .value=${live(this.form.column)}
              @change=${(e) => this.setField('column', e.target.value)}>
              <option value="" ?selected=${!this.form.column}>Choose a column…</option>
              ${columns.map((c) => html`<option value=${c.name} ?selected=${c.name === this.form.column}>${c.name} (${c.type})</option>`)}
            </select>`, this.latestVersion ? `From the schema of version ${this.latestVersion}, the latest.` : null)}
        </div>
        ${this.renderTypeFields()}
        <div class="grid">
          ${this.textField('name', 'Name (optional)', 'The check is then called rule:<name> instead of rule:<type>.')}
          ${this.renderField('severity', 'Severity', () => html`
            <select id="rule-severity" name="severity" aria-describedby="rule-severity-hint"
              .value=${live(this.form.severity)}
              @change=${(e) => this.setField('severity', e.target.value)}>
              <option value="fail" ?selected=${this.form.severity !== 'warn'}>fail (default)</option>
              <option value="warn" ?selected=${this.form.severity === 'warn'}>warn</option>
            </select>`, 'The status of the check when the rule is violated.')}
        </div>
        ${this.formError ? html`<p class="error-text" role="alert" data-testid="rule-form-error">${this.formError}</p>` : nothing}
        <div class="form-actions">
          <button type="submit" class="secondary" data-testid="rule-add">Add rule</button>
          <small class="muted">Added rules are kept when you save.</small>
        </div>
      </form>`;
  }

  renderJson() {
    return html`
      <label for="rules-json">Rules as JSON</label>
      <textarea id="rules-json" class="rules-json mono" data-testid="rules-json" rows="12" spellcheck="false"
        aria-describedby="rules-json-hint" aria-invalid=${this.jsonError ? 'true' : nothing} .value=${this.jsonText}
        @input=${(e) => { this.jsonText = e.target.value; this.jsonError = null; this.changed(); }}></textarea>
      <small id="rules-json-hint">A list of rules, e.g. <code>[{"type": "not_null", "column": "id"},
        {"type": "range", "column": "price", "min": 0, "severity": "warn"}]</code>. "Save rules" stores exactly this list.</small>
      ${this.jsonError ? html`<p class="error-text" role="alert" data-testid="rules-json-error">${this.jsonError}</p>` : nothing}`;
  }

  render() {
    if (this.loadError) {
      return html`<p class="error-text" role="alert" data-testid="rules-load-error">Could not load the rules: ${this.loadError}
        <button type="button" class="secondary outline compact" @click=${() => this.load()}>Retry</button></p>`;
    }
    if (!this.saved) return html`<p aria-busy="true">Loading the rules…</p>`;
    const dirty = this.dirty;
    const count = (this.draft ?? []).length;
    const modes = [['form', 'Form'], ['json', 'Edit as JSON']];
    return html`
      <p class="muted" data-testid="rules-state">${this.saved.updated_at
        ? html`${this.saved.rules.length} ${this.saved.rules.length === 1 ? 'rule' : 'rules'} saved ${time(this.saved.updated_at)}.`
        : 'No rules saved yet.'} Rules are checked against the columns of the latest version and evaluated by every
        profile from the next one on.</p>
      ${this.typesNote ? html`<p class="warn-text" data-testid="rules-types-note">${this.typesNote}</p>` : nothing}
      <div role="tablist" aria-label="How to edit the rules" class="tabs" @keydown=${this.tabKeydown}>
        ${modes.map(([id, label]) => html`
          <button type="button" role="tab" id="rules-tab-${id}" aria-controls="rules-panel-${id}" data-testid="rules-tab-${id}"
            aria-selected=${this.mode === id ? 'true' : 'false'} tabindex=${this.mode === id ? '0' : '-1'}
            @click=${() => this.selectMode(id)}>${label}</button>`)}
      </div>
      <div role="tabpanel" id="rules-panel-form" aria-labelledby="rules-tab-form" ?hidden=${this.mode !== 'form'}
        data-testid="rules-panel-form">
        ${this.mode === 'form' ? html`${this.renderList()}${this.renderForm()}` : nothing}
      </div>
      <div role="tabpanel" id="rules-panel-json" aria-labelledby="rules-tab-json" ?hidden=${this.mode !== 'json'}
        data-testid="rules-panel-json">
        ${this.mode === 'json' ? this.renderJson() : nothing}
      </div>
      ${this.saveError ? html`<div class="warning-box" role="alert" data-testid="rules-error">
        <strong>The rules were not saved.</strong> <span data-testid="rules-error-detail">${this.saveError}</span>
        <br><small>Nothing was stored; your changes are still here. Correct them and save again.</small></div>` : nothing}
      <div class="form-actions rules-actions">
        <button type="button" data-testid="rules-save" ?disabled=${this.saving} aria-busy=${this.saving ? 'true' : 'false'}
          @click=${() => this.save()}>Save rules</button>
        ${dirty ? html`
          <button type="button" class="secondary outline" data-testid="rules-discard" @click=${() => this.discard()}>
            Discard changes</button>
          <small class="warn-text" data-testid="rules-unsaved">Unsaved changes${this.mode === 'form'
            ? ` (${count} ${count === 1 ? 'rule' : 'rules'} in the working copy)` : ''}.</small>` : nothing}
      </div>
      ${this.savedNotice ? html`<p class="notice-inline" role="status" data-testid="rules-saved">
        Saved ${this.saved.rules.length} ${this.saved.rules.length === 1 ? 'rule' : 'rules'}. They apply to the next
        profile; earlier profiles keep the results of the rules they ran with.
        <button type="button" class="secondary outline compact" data-testid="rules-run-profile"
          ?disabled=${this.profiling} @click=${() => this.runProfile()}>Run a profile now</button></p>` : nothing}`;
  }
}

customElements.define('da-rules', DaRules);
