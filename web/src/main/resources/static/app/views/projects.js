import { html, nothing } from 'lit';
import { api } from '../api.js';
import { confirmDialog } from '../confirm.js';
import { time } from '../format.js';
import { aborted, LightElement } from '../light-element.js';
import { routes } from '../router.js';
import { pager } from './pager.js';

const PAGE_SIZE = 20;

class DaProjects extends LightElement {
  static properties = {
    page: { state: true },
    loading: { state: true },
    loadError: { state: true },
    creating: { state: true },
    createError: { state: true },
    created: { state: true },
    deleting: { state: true },
  };

  constructor() {
    super();
    this.page = null;
    this.offset = 0;
    this.loading = true;
    this.loadError = null;
    this.creating = false;
    this.createError = null;
    this.created = null;
    this.deleting = null;
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Projects · data-analyst';
    this.load();
  }

  async load(offset = this.offset) {
    this.loading = true;
    try {
      const page = await api.listProjects(offset, PAGE_SIZE, this.signal);
      // Deleting the last project of a page leaves an empty page behind: step back.
      if (page.items.length === 0 && page.total > 0 && offset > 0) {
        await this.load(Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE));
        return;
      }
      this.page = page;
      this.offset = page.offset ?? offset;
      this.loadError = null;
    } catch (e) {
      if (!aborted(e)) this.loadError = e.message;
    } finally {
      this.loading = false;
    }
  }

  /** Shows the page with the project on it: the list is oldest first, so a new one is on the last page. */
  async showProject(id) {
    await this.load(this.offset);
    if (!this.page || this.page.items.some((p) => p.id === id)) return;
    const last = Math.max(0, Math.floor((this.page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
    await this.load(last);
    if (!this.page.items.some((p) => p.id === id) && last !== 0) await this.load(0);
  }

  async create(event) {
    event.preventDefault();
    const form = event.target;
    const name = form.elements.name.value.trim();
    const description = form.elements.description.value.trim();
    if (!name) {
      this.createError = 'Enter a name for the project.';
      form.elements.name.focus();
      return;
    }
    this.creating = true;
    this.createError = null;
    this.created = null;
    try {
      const project = await api.createProject(name, description);
      this.created = project;
      form.reset();
      await this.showProject(project.id);
    } catch (e) {
      this.createError = e.detail || e.message;
      this.updateComplete.then(() => form.elements.name.focus());
    } finally {
      this.creating = false;
    }
  }

  async deleteProject(project) {
    const ok = await confirmDialog({
      title: 'Delete project?',
      message: html`The project <strong>${project.name}</strong> will be deleted with all its datasets,
        runs, logs and artifacts. This cannot be undone.`,
      confirmLabel: 'Delete project',
      danger: true,
    });
    if (!ok) return;
    this.deleting = project.id;
    try {
      await api.deleteProject(project.id);
      if (this.created?.id === project.id) this.created = null;
      this.notify(`Project "${project.name}" was deleted.`);
      await this.load();
    } catch (e) {
      this.notify(`Could not delete "${project.name}": ${e.message}`, 'error');
    } finally {
      this.deleting = null;
    }
  }

  renderTable() {
    if (this.loadError) {
      return html`<p class="error-text" role="alert" data-testid="projects-error">Could not load the projects: ${this.loadError}
        <button type="button" class="secondary outline compact" @click=${() => this.load()}>Retry</button></p>`;
    }
    if (!this.page) return html`<p aria-busy="true">Loading projects…</p>`;
    if (this.page.total === 0) {
      return html`<p class="empty" data-testid="projects-empty">No projects yet. Create the first one with the form.</p>`;
    }
    return html`
      <div class="overflow-auto">
        <table data-testid="projects-table" aria-busy=${this.loading ? 'true' : 'false'}>
          <thead><tr><th scope="col">Name</th><th scope="col" class="col-description">Description</th><th scope="col">Created</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            ${this.page.items.map((p) => html`
              <tr data-testid="project-row" data-project-id=${p.id} data-project-name=${p.name}
                class=${this.created?.id === p.id ? 'just-created' : ''}>
                <th scope="row"><a href=${routes.project(p.id)} data-testid="project-link">${p.name}</a></th>
                <td class="description">${p.description || html`<span class="muted">—</span>`}</td>
                <td class="nowrap">${time(p.created_at)}</td>
                <td class="actions">
                  <button type="button" class="danger outline compact" data-testid="project-delete"
                    aria-label="Delete project ${p.name}" ?disabled=${this.deleting === p.id}
                    aria-busy=${this.deleting === p.id ? 'true' : 'false'}
                    @click=${() => this.deleteProject(p)}>Delete</button>
                </td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${pager(this.page, (offset) => this.load(offset), 'projects')}`;
  }

  renderCreate() {
    return html`
      <article class="create-project">
        <h2 id="create-heading">New project</h2>
        <form data-testid="create-project-form" aria-labelledby="create-heading" @submit=${this.create} novalidate>
          <label for="project-name">Name</label>
          <input id="project-name" name="name" data-testid="project-name-input" autocomplete="off" required
            spellcheck="false" aria-describedby=${this.createError ? 'project-name-help create-error' : 'project-name-help'}
            aria-invalid=${this.createError ? 'true' : nothing}>
          <small id="project-name-help">Letters, digits, ".", "_" and "-"; up to 64 characters, starting with a
            letter or digit.</small>
          <label for="project-description">Description <span class="muted">(optional)</span></label>
          <textarea id="project-description" name="description" rows="3"
            data-testid="project-description-input"></textarea>
          ${this.createError ? html`<p id="create-error" class="error-text" role="alert"
            data-testid="create-project-error">${this.createError}</p>` : nothing}
          ${this.created ? html`<p class="success-text" role="status" data-testid="create-project-success">
            Created <a href=${routes.project(this.created.id)}>${this.created.name}</a>.</p>` : nothing}
          <button type="submit" data-testid="create-project-submit" ?disabled=${this.creating}
            aria-busy=${this.creating ? 'true' : 'false'}>Create project</button>
        </form>
      </article>`;
  }

  render() {
    return html`
      <hgroup>
        <h1>Projects</h1>
        <p>Each project is an isolated workspace with its own datasets, runs and artifacts.
          ${this.page ? html`<span data-testid="projects-total">${this.page.total} in total.</span>` : nothing}</p>
      </hgroup>
      <div class="split">
        <section aria-label="Project list">${this.renderTable()}</section>
        <aside>${this.renderCreate()}</aside>
      </div>`;
  }
}

customElements.define('da-projects', DaProjects);
