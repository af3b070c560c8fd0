// <da-ingest>: bring data into a project — a browser upload, a file on the server, or a database
// table or query. Each way is a tab with its own form; the API's problem detail is shown next to the
// form. On success the page moves to the dataset, which follows the ingest run.
import { html, nothing } from 'lit';
import { api, itemsOf } from '../api.js';
import { bytes, shortId } from '../format.js';
import { aborted, LightElement } from '../light-element.js';
import { navigate, routes } from '../router.js';

/** File extensions the server recognises (REST contract), and their kinds. */
const KIND_BY_EXTENSION = {
  csv: 'csv', tsv: 'tsv', tab: 'tsv', parquet: 'parquet', json: 'json', ndjson: 'ndjson', jsonl: 'jsonl',
};
/** Kinds offered while the connector list is unknown. */
const DEFAULT_FILE_KINDS = ['csv', 'tsv', 'parquet', 'json', 'ndjson', 'jsonl'];
/** Kinds read through a connection (tables, queries) rather than as one file. */
const DATABASE_KINDS = ['postgres', 'sqlite'];

const MODES = [
  { id: 'upload', label: 'Upload' },
  { id: 'path', label: 'Server path' },
  { id: 'database', label: 'Database' },
];

const OPTION_HINTS = {
  csv: '{"delimiter": ";", "header": true}',
  tsv: '{"header": true}',
  json: '{"format": "array"}',
  postgres: '{"fetch_size": 10000}',
  sqlite: '{"types": {"price": "DECIMAL(10,2)"}}',
};

/** The kind a file name implies, or null. */
export function kindFromName(name) {
  const match = /\.([A-Za-z0-9]+)$/.exec(String(name || ''));
  return match ? KIND_BY_EXTENSION[match[1].toLowerCase()] ?? null : null;
}

/** A usable dataset name: characters outside [A-Za-z0-9._-] become "_", it starts with a letter or digit, ≤ 64 long. */
export function safeName(text) {
  return String(text || '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
}

/** A dataset name from a file name or path: its last segment without the extension. */
export function datasetNameFrom(path) {
  const last = String(path || '').split(/[\\/]/).pop().split('.');
  return safeName(last.length > 1 ? last.slice(0, -1).join('.') : last[0]);
}

/** A dataset name from a table ("schema.name" or "name"): the table's own name. */
function datasetNameFromTable(table) {
  return safeName(String(table || '').split('.').pop());
}

/** The options textarea as an object: {options} or {error}. */
function parseOptions(text) {
  const raw = String(text || '').trim();
  if (!raw) return { options: {} };
  try {
    const value = JSON.parse(raw);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: 'Options must be a JSON object, e.g. {"delimiter": ";"}.' };
    }
    return { options: value };
  } catch (e) {
    return { error: `Options are not valid JSON (${e.message}). Write an object, e.g. {"delimiter": ";"}.` };
  }
}

function tableName(t) {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

class DaIngest extends LightElement {
  static properties = {
    projectId: {},
    datasetId: {},
    project: { state: true },
    dataset: { state: true },
    loadError: { state: true },
    mode: { state: true },
    connectors: { state: true },
    connectorsError: { state: true },
    secrets: { state: true },
    secretsError: { state: true },
    busy: { state: true },
    error: { state: true },
    file: { state: true },
    uploadKind: { state: true },
    progress: { state: true },
    pathKind: { state: true },
    pathName: { state: true },
    dbKind: { state: true },
    passwordMode: { state: true },
    secretName: { state: true },
    newSecretOpen: { state: true },
    secretBusy: { state: true },
    secretMessage: { state: true },
    tables: { state: true },
    tablesError: { state: true },
    listing: { state: true },
    tableFilter: { state: true },
    readMode: { state: true },
    table: { state: true },
  };

  constructor() {
    super();
    this.datasetId = null;
    this.project = null;
    this.dataset = null;
    this.loadError = null;
    this.mode = 'upload';
    this.connectors = null;
    this.connectorsError = null;
    this.secrets = null;
    this.secretsError = null;
    this.busy = false;
    this.error = null;
    this.file = null;
    this.uploadKind = '';
    this.progress = null;
    this.pathKind = '';
    this.pathName = '';
    this.dbKind = 'postgres';
    this.passwordMode = 'none';
    this.secretName = '';
    this.newSecretOpen = false;
    this.secretBusy = false;
    this.secretMessage = null;
    this.tables = null;
    this.tablesError = null;
    this.listing = false;
    this.tableFilter = '';
    this.readMode = 'table';
    this.table = '';
    this.upload = null;
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Add data · data-analyst';
    this.loadContext();
    this.loadConnectors();
  }

  disconnectedCallback() {
    this.upload?.abort();
    super.disconnectedCallback();
  }

  async loadContext() {
    try {
      this.project = await api.getProject(this.projectId, this.signal);
      if (this.datasetId) {
        const details = await api.getDataset(this.projectId, this.datasetId, 0, 1, this.signal);
        this.dataset = details.dataset;
        document.title = `New version of ${this.dataset.name} · data-analyst`;
      } else {
        document.title = `Add data to ${this.project.name} · data-analyst`;
      }
    } catch (e) {
      if (!aborted(e)) this.loadError = e;
    }
  }

  async loadConnectors() {
    try {
      this.connectors = itemsOf(await api.connectors(this.signal));
      this.connectorsError = null;
    } catch (e) {
      if (!aborted(e)) this.connectorsError = e.message;
    }
  }

  async loadSecrets() {
    try {
      this.secrets = itemsOf(await api.listSecrets(this.projectId, this.signal));
      this.secretsError = null;
    } catch (e) {
      if (!aborted(e)) this.secretsError = e.message;
    }
  }

  /** Every kind a running connector offers (null while unknown). */
  get runningKinds() {
    if (!this.connectors) return null;
    return this.connectors.flatMap((c) => c.kinds ?? []);
  }

  get fileKinds() {
    const kinds = this.runningKinds;
    if (!kinds) return DEFAULT_FILE_KINDS;
    return [...new Set(kinds.filter((k) => !DATABASE_KINDS.includes(k)))].sort();
  }

  connectorOf(kind) {
    return (this.connectors ?? []).find((c) => (c.kinds ?? []).includes(kind)) ?? null;
  }

  selectMode(mode, focus = false) {
    if (this.busy) return;
    this.mode = mode;
    this.error = null;
    if (mode === 'database' && this.secrets === null && !this.secretsError) this.loadSecrets();
    if (focus) this.updateComplete.then(() => this.querySelector(`#tab-${mode}`)?.focus());
  }

  /** Arrow keys, Home and End move between the tabs (WAI-ARIA tabs pattern). */
  tabKeydown(event) {
    const index = MODES.findIndex((m) => m.id === this.mode);
    let next = null;
    if (event.key === 'ArrowRight') next = (index + 1) % MODES.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + MODES.length) % MODES.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = MODES.length - 1;
    if (next === null) return;
    event.preventDefault();
    this.selectMode(MODES[next].id, true);
  }

  /** Shows a problem under the form and marks the field it is about (cleared by the next submit). */
  fail(message, field) {
    this.error = message;
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      this.updateComplete.then(() => field.focus());
    }
  }

  /** Clears the marks of an earlier failed submit. */
  fresh(form) {
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    this.error = null;
  }

  started(answer) {
    const run = answer?.run;
    const dataset = answer?.dataset;
    this.notify(`Ingest run ${shortId(run?.id)} started for dataset "${dataset?.name}".`, 'info', true);
    navigate(dataset?.id ? routes.dataset(this.projectId, dataset.id) : routes.run(this.projectId, run.id));
  }

  common(form) {
    return {
      on_error: form.elements.on_error.value,
      force: form.elements.force.checked,
    };
  }

  // ------------------------------------------------------------------ upload

  async submitUpload(event) {
    event.preventDefault();
    const form = event.target;
    this.fresh(form);
    const file = form.elements.file.files[0];
    if (!file) {
      this.fail('Choose a file to upload.', form.elements.file);
      return;
    }
    const { options, error } = parseOptions(form.elements.options.value);
    if (error) {
      this.fail(error, form.elements.options);
      return;
    }
    const name = form.elements.name.value.trim() || datasetNameFrom(file.name);
    const kind = form.elements.kind.value || kindFromName(file.name) || '';
    const { on_error: onError, force } = this.common(form);
    const fields = {
      name,
      kind,
      options: Object.keys(options).length ? JSON.stringify(options) : '',
      on_error: onError,
      force: String(force),
    };
    this.busy = true;
    this.error = null;
    this.progress = { loaded: 0, total: file.size };
    this.upload = new AbortController();
    try {
      const answer = await api.uploadDataset(this.projectId, fields, file, {
        signal: this.upload.signal,
        onProgress: (loaded, total) => { this.progress = { loaded, total }; },
      });
      this.started(answer);
    } catch (e) {
      if (aborted(e)) {
        if (this.isConnected) this.error = 'The upload was cancelled; nothing was stored.';
      } else {
        this.error = e.detail || e.message;
      }
    } finally {
      this.busy = false;
      this.progress = null;
      this.upload = null;
    }
  }

  cancelUpload() {
    this.upload?.abort();
  }

  // ------------------------------------------------------------------ server path

  async submitPath(event) {
    event.preventDefault();
    const form = event.target;
    this.fresh(form);
    const path = form.elements.path.value.trim();
    if (!path) {
      this.fail('Enter the path of the file on the server.', form.elements.path);
      return;
    }
    const kind = form.elements.kind.value || kindFromName(path);
    if (!kind) {
      this.fail(`The kind of "${path}" cannot be told from its extension: choose one under Kind.`, form.elements.kind);
      return;
    }
    const { options, error } = parseOptions(form.elements.options.value);
    if (error) {
      this.fail(error, form.elements.options);
      return;
    }
    const name = form.elements.name.value.trim() || datasetNameFrom(path);
    await this.submitJson({ name, source: { kind, location: path, options }, ...this.common(form) });
  }

  async submitJson(body) {
    this.busy = true;
    this.error = null;
    try {
      this.started(await api.ingest(this.projectId, body));
    } catch (e) {
      if (!aborted(e)) this.error = e.detail || e.message;
    } finally {
      this.busy = false;
    }
  }

  // ------------------------------------------------------------------ database

  /** {location, options} of the database form (password included), or {error, field}. */
  databaseSource(form) {
    const location = form.elements.location.value.trim();
    if (!location) return { error: 'Enter the connection string.', field: form.elements.location };
    const { options, error } = parseOptions(form.elements.options.value);
    if (error) return { error, field: form.elements.options };
    const result = { ...options };
    if (this.dbKind !== 'sqlite') {
      const user = form.elements.user.value.trim();
      if (user) result.user = user;
      if (this.passwordMode === 'inline') {
        const password = form.elements.password.value;
        if (!password) return { error: 'Enter the password, or choose "No password".', field: form.elements.password };
        result.password = password;
      } else if (this.passwordMode === 'secret') {
        if (!this.secretName) {
          return { error: 'Choose a project secret for the password, or create one.', field: form.elements.secret };
        }
        result.password = `\${secret:${this.secretName}}`;
      }
    }
    return { location, options: result };
  }

  async listTables() {
    const form = this.querySelector('#database-form');
    const source = this.databaseSource(form);
    if (source.error) {
      this.tablesError = source.error;
      source.field?.focus();
      return;
    }
    this.listing = true;
    this.tablesError = null;
    try {
      const answer = await api.sourceTables(this.projectId, this.dbKind,
        { location: source.location, options: source.options }, this.signal);
      this.tables = { items: itemsOf(answer), total: answer?.total ?? itemsOf(answer).length };
      if (!this.tables.items.some((t) => tableName(t) === this.table)) this.table = '';
    } catch (e) {
      if (!aborted(e)) {
        this.tables = null;
        this.tablesError = e.detail || e.message;
      }
    } finally {
      this.listing = false;
    }
  }

  async saveSecret() {
    const name = this.querySelector('#secret-new-name');
    const value = this.querySelector('#secret-new-value');
    if (!name.value.trim()) {
      this.secretMessage = { error: true, text: 'Enter a name for the secret.' };
      name.focus();
      return;
    }
    if (!value.value) {
      this.secretMessage = { error: true, text: 'Enter the secret value (the password).' };
      value.focus();
      return;
    }
    this.secretBusy = true;
    this.secretMessage = null;
    try {
      const saved = await api.putSecret(this.projectId, name.value.trim(), value.value);
      await this.loadSecrets();
      this.secretName = saved?.name ?? name.value.trim();
      this.secretMessage = { error: false, text: `Secret "${this.secretName}" saved; it is used as the password.` };
      this.newSecretOpen = false;
    } catch (e) {
      this.secretMessage = { error: true, text: e.detail || e.message };
    } finally {
      this.secretBusy = false;
    }
  }

  async submitDatabase(event) {
    event.preventDefault();
    const form = event.target;
    this.fresh(form);
    const source = this.databaseSource(form);
    if (source.error) {
      this.fail(source.error, source.field);
      return;
    }
    let name = form.elements.name.value.trim();
    if (this.readMode === 'table') {
      if (!this.table) {
        this.fail('Choose a table: list the tables, then pick one.', this.querySelector('[data-testid="list-tables"]'));
        return;
      }
      source.options.table = this.table;
      name ||= datasetNameFromTable(this.table);
    } else {
      const query = form.elements.query.value.trim();
      if (!query) {
        this.fail('Enter the query to read.', form.elements.query);
        return;
      }
      source.options.query = query;
      if (!name) {
        this.fail('Enter a dataset name: a query has no name to take one from.', form.elements.name);
        return;
      }
    }
    await this.submitJson({
      name, source: { kind: this.dbKind, location: source.location, options: source.options }, ...this.common(form),
    });
  }

  // ------------------------------------------------------------------ rendering

  renderNameField(prefix, placeholder, help) {
    const value = this.dataset?.name ?? '';
    return html`
      <label for="${prefix}-name">Dataset name${value ? nothing : html` <span class="muted">(optional)</span>`}</label>
      <input id="${prefix}-name" name="name" data-testid="${prefix}-name" autocomplete="off" spellcheck="false"
        .value=${value} placeholder=${placeholder || nothing} aria-describedby="${prefix}-name-help">
      <small id="${prefix}-name-help">${this.dataset
        ? html`A new version of <strong>${this.dataset.name}</strong>; another name makes another dataset.`
        : help}</small>`;
  }

  renderOptionsField(prefix, kind) {
    const connector = kind ? this.connectorOf(kind) : null;
    const properties = Object.entries(connector?.descriptor?.options_schema?.properties ?? {});
    const hint = OPTION_HINTS[kind] ?? '{}';
    return html`
      <label for="${prefix}-options">Options <span class="muted">(JSON, optional)</span></label>
      <textarea id="${prefix}-options" name="options" rows="3" class="mono" spellcheck="false"
        data-testid="${prefix}-options" placeholder=${hint} aria-describedby="${prefix}-options-help"></textarea>
      <small id="${prefix}-options-help">${properties.length
        ? html`Options of the ${connector.descriptor.title || connector.descriptor.name} connector for ${kind}:`
        : html`Connector options as a JSON object${kind === 'csv' || kind === 'tsv'
          ? ', e.g. delimiter, header, quote, skip rows' : ''}; leave empty for the defaults.`}</small>
      ${properties.length ? html`
        <details class="option-help" data-testid="${prefix}-options-list">
          <summary>${properties.map(([key]) => key).join(', ')}</summary>
          <dl>${properties.map(([key, p]) => html`<div><dt class="mono">${key}${p?.type
            ? html` <small class="muted">${Array.isArray(p.type) ? p.type.join('|') : p.type}</small>` : nothing}</dt>
            <dd>${p?.description || ''}${p?.default !== undefined
              ? html` <small class="muted">Default: ${JSON.stringify(p.default)}.</small>` : nothing}</dd></div>`)}</dl>
        </details>` : nothing}`;
  }

  renderCommon(prefix) {
    return html`
      <label for="${prefix}-on-error">Rows that cannot be read</label>
      <select id="${prefix}-on-error" name="on_error" data-testid="${prefix}-on-error" aria-describedby="${prefix}-on-error-help">
        <option value="fail" selected>fail the ingest</option>
        <option value="skip">skip them</option>
      </select>
      <small id="${prefix}-on-error-help">With "skip", rejected rows and why are kept in the run's rejects file.</small>
      <label for="${prefix}-force">
        <input type="checkbox" id="${prefix}-force" name="force" data-testid="${prefix}-force">
        Make a new version even if the source is unchanged
      </label>`;
  }

  renderError(prefix) {
    if (!this.error || this.mode !== prefix) return nothing;
    return html`<p class="error-text" role="alert" data-testid="ingest-error" id="${prefix}-error">${this.error}</p>`;
  }

  renderKindSelect(prefix, kinds, detected, label = 'Kind') {
    return html`
      <label for="${prefix}-kind">${label}</label>
      <select id="${prefix}-kind" name="kind" data-testid="${prefix}-kind"
        @change=${(e) => { if (prefix === 'upload') this.uploadKind = e.target.value; else this.pathKind = e.target.value; }}>
        <option value="">${detected ? `automatic: ${detected}` : 'automatic (from the extension)'}</option>
        ${kinds.map((k) => html`<option value=${k}>${k}</option>`)}
      </select>`;
  }

  renderUpload() {
    const detected = this.file ? kindFromName(this.file.name) : null;
    const kind = this.uploadKind || detected;
    const progress = this.progress;
    const fraction = progress && progress.total ? progress.loaded / progress.total : null;
    return html`
      <form id="upload-form" data-testid="upload-form" @submit=${this.submitUpload} novalidate>
        <label for="upload-file">File</label>
        <input type="file" id="upload-file" name="file" data-testid="upload-file" required
          accept=".csv,.tsv,.tab,.parquet,.json,.ndjson,.jsonl" aria-describedby="upload-file-help"
          @change=${(e) => { this.file = e.target.files[0] ?? null; this.error = null; }}>
        <small id="upload-file-help">${this.file
          ? html`${this.file.name}, ${bytes(this.file.size)}${detected ? nothing
            : html` — <span class="error-text">the extension does not tell the kind: choose one below</span>`}`
          : 'CSV, TSV, Parquet, JSON or NDJSON. The file streams to the server; it is kept unchanged in the project.'}</small>
        ${this.renderNameField('upload', this.file ? datasetNameFrom(this.file.name) : '',
          'Defaults to the file name without its extension.')}
        ${this.renderKindSelect('upload', this.fileKinds, detected)}
        ${this.renderOptionsField('upload', kind)}
        ${this.renderCommon('upload')}
        ${progress ? html`
          <div class="progress-line" data-testid="upload-progress">
            <progress value=${fraction ?? nothing} max="1" aria-label="Upload progress"></progress>
            <small>${bytes(progress.loaded)} of ${bytes(progress.total)}</small>
          </div>` : nothing}
        ${this.renderError('upload')}
        <div class="form-actions">
          <button type="submit" data-testid="upload-submit" ?disabled=${this.busy}
            aria-busy=${this.busy ? 'true' : 'false'}>Upload and ingest</button>
          ${this.busy ? html`<button type="button" class="secondary outline" data-testid="upload-cancel"
            @click=${() => this.cancelUpload()}>Cancel upload</button>` : nothing}
        </div>
      </form>`;
  }

  renderPath() {
    const detected = kindFromName(this.pathName);
    const kind = this.pathKind || detected;
    return html`
      <form id="path-form" data-testid="path-form" @submit=${this.submitPath} novalidate>
        <label for="path-path">Path on the server</label>
        <input id="path-path" name="path" data-testid="path-path" autocomplete="off" spellcheck="false" required
          class="mono" placeholder="/srv/data/imports/orders.csv" aria-describedby="path-path-help"
          @input=${(e) => { this.pathName = e.target.value.trim(); }}>
        <small id="path-path-help">An absolute path inside one of the server's import folders (by default
          <code>&lt;data&gt;/imports</code>), or a path inside the project such as <code>raw/…/orders.csv</code>.</small>
        ${this.renderNameField('path', this.pathName ? datasetNameFrom(this.pathName) : '',
          'Defaults to the file name without its extension.')}
        ${this.renderKindSelect('path', this.fileKinds, detected)}
        ${this.renderOptionsField('path', kind)}
        ${this.renderCommon('path')}
        ${this.renderError('path')}
        <div class="form-actions">
          <button type="submit" data-testid="path-submit" ?disabled=${this.busy}
            aria-busy=${this.busy ? 'true' : 'false'}>Ingest</button>
        </div>
      </form>`;
  }

  renderPassword() {
    if (this.dbKind === 'sqlite') return nothing;
    const secrets = this.secrets ?? [];
    return html`
      <fieldset data-testid="password-fieldset">
        <legend>Password</legend>
        <label><input type="radio" name="password_mode" value="none" data-testid="password-none"
          .checked=${this.passwordMode === 'none'} @change=${() => { this.passwordMode = 'none'; }}>
          No password</label>
        <label><input type="radio" name="password_mode" value="inline" data-testid="password-inline"
          .checked=${this.passwordMode === 'inline'} @change=${() => { this.passwordMode = 'inline'; }}>
          Type it</label>
        ${this.passwordMode === 'inline' ? html`
          <input type="password" id="db-password" name="password" data-testid="db-password" autocomplete="off"
            aria-label="Password" aria-describedby="db-password-help">
          <small id="db-password-help">The server stores it as an encrypted project secret and keeps only a
            reference to it in the run.</small>` : nothing}
        <label><input type="radio" name="password_mode" value="secret" data-testid="password-secret"
          .checked=${this.passwordMode === 'secret'} @change=${() => { this.passwordMode = 'secret'; }}>
          Use a project secret</label>
        ${this.passwordMode === 'secret' ? html`
          <div class="secret-picker">
            ${this.secretsError ? html`<p class="error-text" role="alert">Could not list the secrets: ${this.secretsError}</p>` : nothing}
            <label for="db-secret">Secret</label>
            <select id="db-secret" name="secret" data-testid="db-secret"
              @change=${(e) => { this.secretName = e.target.value; }}>
              <option value="" ?selected=${!this.secretName}>${secrets.length ? '— choose —' : '— none yet: create one —'}</option>
              ${secrets.map((s) => html`<option value=${s.name} ?selected=${s.name === this.secretName}>${s.name}</option>`)}
            </select>
            ${this.newSecretOpen ? html`
              <fieldset class="new-secret" data-testid="new-secret">
                <legend>New secret</legend>
                <label for="secret-new-name">Secret name</label>
                <input id="secret-new-name" data-testid="secret-new-name" autocomplete="off" spellcheck="false">
                <label for="secret-new-value">Secret value</label>
                <input type="password" id="secret-new-value" data-testid="secret-new-value" autocomplete="off">
                <div class="form-actions">
                  <button type="button" class="secondary" data-testid="secret-save" ?disabled=${this.secretBusy}
                    aria-busy=${this.secretBusy ? 'true' : 'false'} @click=${() => this.saveSecret()}>Save secret</button>
                  <button type="button" class="secondary outline" @click=${() => { this.newSecretOpen = false; }}>Cancel</button>
                </div>
              </fieldset>` : html`
              <button type="button" class="secondary outline compact" data-testid="secret-create"
                @click=${() => { this.newSecretOpen = true; this.secretMessage = null; }}>New secret…</button>`}
            ${this.secretMessage ? html`<p class=${this.secretMessage.error ? 'error-text' : 'success-text'}
              role=${this.secretMessage.error ? 'alert' : 'status'} data-testid="secret-message">${this.secretMessage.text}</p>` : nothing}
          </div>` : nothing}
        <small>A connection string may also reference a project secret itself: <code>\${secret:name}</code>.</small>
      </fieldset>`;
  }

  renderTables() {
    if (this.tablesError) {
      return html`<p class="error-text" role="alert" data-testid="tables-error">${this.tablesError}</p>`;
    }
    if (!this.tables) return nothing;
    const filter = this.tableFilter.toLowerCase();
    const shown = this.tables.items.filter((t) => !filter || tableName(t).toLowerCase().includes(filter));
    if (this.tables.items.length === 0) {
      return html`<p class="empty" data-testid="tables-empty">The database has no tables or views this connection can read.</p>`;
    }
    return html`
      ${this.tables.items.length > 8 ? html`
        <label for="table-filter">Filter tables</label>
        <input type="search" id="table-filter" data-testid="table-filter" .value=${this.tableFilter}
          @input=${(e) => { this.tableFilter = e.target.value; }}>` : nothing}
      <div class="overflow-auto table-picker">
        <table data-testid="tables-table" aria-label="Tables">
          <thead><tr><th scope="col">Table</th><th scope="col">Kind</th><th scope="col">Columns</th></tr></thead>
          <tbody>
            ${shown.map((t) => {
              const name = tableName(t);
              const id = `table-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
              return html`
                <tr data-testid="table-row" data-table=${name} class=${this.table === name ? 'selected' : ''}>
                  <th scope="row"><label for=${id}><input type="radio" id=${id} name="table" value=${name}
                    .checked=${this.table === name} @change=${() => { this.table = name; this.error = null; }}>
                    <span class="mono">${name}</span></label></th>
                  <td>${t.kind}</td>
                  <td><small class="mono">${(t.columns ?? []).map((c) => `${c.name} ${c.type}`).join(', ')}</small></td>
                </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${this.tables.total > this.tables.items.length
        ? html`<small class="muted">${this.tables.items.length} of ${this.tables.total} tables listed.</small>` : nothing}`;
  }

  renderDatabase() {
    const running = this.runningKinds;
    const kinds = DATABASE_KINDS;
    return html`
      <form id="database-form" data-testid="database-form" @submit=${this.submitDatabase} novalidate>
        <label for="db-kind">Database</label>
        <select id="db-kind" name="kind" data-testid="db-kind"
          @change=${(e) => { this.dbKind = e.target.value; this.tables = null; this.tablesError = null; this.table = ''; }}>
          ${kinds.map((k) => html`<option value=${k} ?selected=${k === this.dbKind}
            ?disabled=${running !== null && !running.includes(k)}>${k === 'postgres' ? 'PostgreSQL' : 'SQLite'}${
            running !== null && !running.includes(k) ? ' (no connector running)' : ''}</option>`)}
        </select>
        <label for="db-location">Connection string</label>
        <input id="db-location" name="location" data-testid="db-location" class="mono" autocomplete="off"
          spellcheck="false" required aria-describedby="db-location-help"
          placeholder=${this.dbKind === 'sqlite' ? '/srv/data/imports/shop.sqlite' : 'postgresql://db.internal:5432/sales'}
          @input=${() => { this.tables = null; this.table = ''; }}>
        <small id="db-location-help">${this.dbKind === 'sqlite'
          ? html`The database file: a path inside one of the server's import folders, or inside the project.`
          : html`<code>postgresql://[user@]host:5432/database</code> or <code>jdbc:postgresql://host:5432/database</code>.
            Keep the password out of it: give it below.`}</small>
        ${this.dbKind === 'sqlite' ? nothing : html`
          <label for="db-user">User <span class="muted">(optional)</span></label>
          <input id="db-user" name="user" data-testid="db-user" autocomplete="off" spellcheck="false"
            aria-describedby="db-user-help" @input=${() => { this.tables = null; this.table = ''; }}>
          <small id="db-user-help">The role to log in as, if the connection string does not name one.</small>`}
        ${this.renderPassword()}
        ${this.renderOptionsField('db', this.dbKind)}

        <fieldset>
          <legend>Read</legend>
          <label><input type="radio" name="read_mode" value="table" data-testid="read-table"
            .checked=${this.readMode === 'table'} @change=${() => { this.readMode = 'table'; }}> A table or view</label>
          <label><input type="radio" name="read_mode" value="query" data-testid="read-query"
            .checked=${this.readMode === 'query'} @change=${() => { this.readMode = 'query'; }}> A query</label>
        </fieldset>
        ${this.readMode === 'table' ? html`
          <button type="button" class="secondary" data-testid="list-tables" ?disabled=${this.listing}
            aria-busy=${this.listing ? 'true' : 'false'} @click=${() => this.listTables()}>List tables</button>
          ${this.renderTables()}` : html`
          <label for="db-query">Query</label>
          <textarea id="db-query" name="query" rows="5" class="mono" spellcheck="false" data-testid="db-query"
            placeholder="SELECT * FROM orders WHERE created_at >= '2024-01-01'" aria-describedby="db-query-help"></textarea>
          <small id="db-query-help">Runs read-only on the database; its result becomes the dataset.</small>`}

        ${this.renderNameField('db', this.readMode === 'table' && this.table ? datasetNameFromTable(this.table) : '',
          this.readMode === 'table' ? 'Defaults to the table name.' : 'Required for a query.')}
        ${this.renderCommon('db')}
        ${this.renderError('database')}
        <div class="form-actions">
          <button type="submit" data-testid="db-submit" ?disabled=${this.busy}
            aria-busy=${this.busy ? 'true' : 'false'}>Ingest</button>
        </div>
      </form>`;
  }

  render() {
    const crumbs = html`
      <nav aria-label="breadcrumb">
        <ul>
          <li><a href=${routes.projects()}>Projects</a></li>
          <li><a href=${routes.project(this.projectId)}>${this.project?.name || this.projectId}</a></li>
          ${this.datasetId ? html`<li><a href=${routes.dataset(this.projectId, this.datasetId)}>
            ${this.dataset?.name || shortId(this.datasetId)}</a></li>` : nothing}
          <li aria-current="page">${this.datasetId ? 'New version' : 'Add data'}</li>
        </ul>
      </nav>`;
    if (this.loadError) {
      return html`${crumbs}
        <h1>${this.loadError.status === 404 ? 'Not found' : 'Could not load the page'}</h1>
        <p class="error-text" role="alert" data-testid="ingest-load-error">${this.loadError.message}</p>`;
    }
    if (!this.project || (this.datasetId && !this.dataset)) return html`${crumbs}<p aria-busy="true">Loading…</p>`;
    return html`
      ${crumbs}
      <hgroup>
        <h1 data-testid="ingest-title">${this.dataset ? html`New version of ${this.dataset.name}` : 'Add data'}</h1>
        <p>Every ingest is a run: the data is read into a new, immutable version of the dataset, with its
          schema and a comparison with the previous version.</p>
      </hgroup>
      ${this.connectorsError ? html`<p class="error-text" role="alert">Could not list the connectors
        (${this.connectorsError}); the usual kinds are offered.</p>` : nothing}
      <article class="ingest">
        <div role="tablist" aria-label="Where the data comes from" class="tabs" @keydown=${this.tabKeydown}>
          ${MODES.map((m) => html`
            <button type="button" role="tab" id="tab-${m.id}" aria-controls="panel-${m.id}" data-testid="tab-${m.id}"
              aria-selected=${this.mode === m.id ? 'true' : 'false'} tabindex=${this.mode === m.id ? '0' : '-1'}
              @click=${() => this.selectMode(m.id)}>${m.label}</button>`)}
        </div>
        ${MODES.map((m) => html`
          <div role="tabpanel" id="panel-${m.id}" aria-labelledby="tab-${m.id}" ?hidden=${this.mode !== m.id}
            data-testid="panel-${m.id}">
            ${m.id === 'upload' ? this.renderUpload() : m.id === 'path' ? this.renderPath() : this.renderDatabase()}
          </div>`)}
      </article>`;
  }
}

customElements.define('da-ingest', DaIngest);
