// The application shell: header, routing, sign-in state, notices.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { api, clearToken, getToken, UNAUTHORIZED_EVENT } from './api.js';
import { LightElement } from './light-element.js';
import { navigate, parseRoute, routes } from './router.js';
import './views/signin.js';
import './views/projects.js';
import './views/project.js';
import './views/run.js';
import './views/dataset.js';
import './views/ingest.js';

class DaApp extends LightElement {
  static properties = {
    route: { state: true },
    me: { state: true },
    checking: { state: true },
    notice: { state: true },
    version: { state: true },
  };

  constructor() {
    super();
    this.route = parseRoute(window.location.hash);
    this.me = null;
    this.checking = Boolean(getToken());
    this.notice = null;
    this.pendingNotice = null;
    this.returnTo = null;
    this.version = null;
    this.onHashChange = () => this.routeChanged();
    this.onUnauthorized = (event) => this.unauthorized(event.detail);
  }

  connectedCallback() {
    // The static "Loading…" placeholder of index.html goes; Lit renders from here on.
    this.replaceChildren();
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    window.addEventListener(UNAUTHORIZED_EVENT, this.onUnauthorized);
    this.addEventListener('da-notify', (event) => this.showNotice(event.detail));
    this.addEventListener('da-signed-in', (event) => this.signedIn(event.detail));
    this.start();
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener(UNAUTHORIZED_EVENT, this.onUnauthorized);
    super.disconnectedCallback();
  }

  async start() {
    api.health().then((h) => { this.version = h?.version ?? null; }, () => {});
    if (!getToken()) {
      this.requireSignIn(null);
      return;
    }
    try {
      this.me = await api.me();
      if (this.route.name === 'home' || this.route.name === 'signin') navigate(routes.projects());
    } catch (e) {
      if (e.status !== 401) {
        // The server is unreachable or failing: keep the token, say so on the sign-in page.
        this.requireSignIn(`Could not check the stored token: ${e.message}`, 'error');
      }
    } finally {
      this.checking = false;
    }
  }

  routeChanged() {
    const route = parseRoute(window.location.hash);
    this.route = route;
    this.notice = this.pendingNotice;
    this.pendingNotice = null;
    if (!this.me && !this.checking && route.name !== 'signin') {
      this.requireSignIn(null);
      return;
    }
    if (this.me && (route.name === 'home' || route.name === 'signin')) {
      navigate(routes.projects());
      return;
    }
    // Move focus to the new content for keyboard and screen-reader users; the sign-in view focuses
    // its own token field instead.
    if (route.name !== 'signin') {
      this.updateComplete.then(() => this.querySelector('main')?.focus({ preventScroll: true }));
    }
  }

  requireSignIn(message, kind = 'info') {
    const current = window.location.hash;
    if (current && !current.startsWith('#/signin') && current !== '#/' && current !== '#') {
      this.returnTo = current;
    }
    this.pendingNotice = message ? { text: message, kind } : null;
    if (this.route.name === 'signin') {
      this.notice = this.pendingNotice;
      this.pendingNotice = null;
    } else {
      navigate(routes.signin());
    }
  }

  unauthorized(error) {
    clearToken();
    const wasSignedIn = Boolean(this.me);
    this.me = null;
    this.checking = false;
    const detail = error?.detail ? ` (${error.detail})` : '';
    this.requireSignIn(wasSignedIn
      ? `Your session has ended: the server no longer accepts the token${detail}. Sign in again.`
      : `The stored token was not accepted${detail}. Sign in again.`, 'error');
  }

  signedIn(me) {
    this.me = me;
    const target = this.returnTo || routes.projects();
    this.returnTo = null;
    navigate(target);
  }

  signOut() {
    clearToken();
    this.me = null;
    this.returnTo = null;
    this.pendingNotice = { text: 'You are signed out.', kind: 'info' };
    navigate(routes.signin());
  }

  showNotice({ text, kind, nextRoute }) {
    if (nextRoute) {
      this.pendingNotice = { text, kind };
    } else {
      this.notice = { text, kind };
    }
  }

  skipToContent(event) {
    event.preventDefault();
    this.querySelector('main')?.focus();
  }

  renderView() {
    const { name, params } = this.route;
    if (this.checking) return html`<p aria-busy="true">Checking your token…</p>`;
    if (name === 'signin' || !this.me) return html`<da-signin></da-signin>`;
    switch (name) {
      case 'projects':
        return html`<da-projects></da-projects>`;
      case 'project':
        return html`<da-project .projectId=${params.projectId}></da-project>`;
      case 'run':
        return html`<da-run .projectId=${params.projectId} .runId=${params.runId}></da-run>`;
      case 'dataset':
        return html`<da-dataset .projectId=${params.projectId} .datasetId=${params.datasetId}
          .focus=${params.focus ?? null}></da-dataset>`;
      case 'ingest':
        return html`<da-ingest .projectId=${params.projectId} .datasetId=${params.datasetId ?? null}></da-ingest>`;
      case 'home':
        return html`<p aria-busy="true">Loading…</p>`;
      default:
        return html`
          <h1>Page not found</h1>
          <p>There is nothing at <code>#${params.path}</code>. <a href=${routes.projects()}>Go to the projects</a>.</p>`;
    }
  }

  renderNotice() {
    if (!this.notice) return nothing;
    const { text, kind } = this.notice;
    return html`
      <div class="notice notice-${kind}" role=${kind === 'error' ? 'alert' : 'status'} data-testid="notice">
        <span>${text}</span>
        <button type="button" class="close-notice secondary outline" aria-label="Dismiss message"
          @click=${() => { this.notice = null; }}>×</button>
      </div>`;
  }

  render() {
    const me = this.me;
    return html`
      <a class="skip-link" href="#main" @click=${this.skipToContent}>Skip to content</a>
      <header class="app-header">
        <nav class="container" aria-label="Main">
          <ul>
            <li><a class="brand" href=${me ? routes.projects() : routes.signin()}>
              <img src="./favicon.svg" alt="" width="24" height="24"> <strong>data-analyst</strong></a></li>
          </ul>
          ${me ? html`
            <ul>
              <li><a href=${routes.projects()} data-testid="nav-projects"
                aria-current=${this.route.name === 'projects' ? 'page' : nothing}>Projects</a></li>
              <li class="who" data-testid="signed-in-as" title="Signed in with this token">
                ${me.name || 'token'}${me.admin ? html` <small class="badge">admin</small>` : nothing}</li>
              <li><button type="button" class="secondary outline compact" data-testid="sign-out"
                @click=${() => this.signOut()}>Sign out</button></li>
            </ul>` : nothing}
        </nav>
      </header>
      <main class="container" id="main" tabindex="-1">
        ${this.renderNotice()}
        ${keyed(this.route.key + (me ? ':in' : ':out'), this.renderView())}
      </main>
      <footer class="container app-footer">
        <small>data-analyst${this.version ? html` <span data-testid="server-version">${this.version}</span>` : nothing}</small>
      </footer>`;
  }
}

customElements.define('da-app', DaApp);
