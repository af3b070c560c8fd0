import { html, nothing } from 'lit';
import { api, setToken } from '../api.js';
import { LightElement } from '../light-element.js';

class DaSignin extends LightElement {
  static properties = {
    busy: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.busy = false;
    this.error = null;
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Sign in · data-analyst';
  }

  firstUpdated() {
    this.querySelector('#token')?.focus();
  }

  async submit(event) {
    event.preventDefault();
    const input = this.querySelector('#token');
    const token = input.value.trim();
    if (!token) {
      this.error = 'Enter an access token.';
      input.focus();
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      const me = await api.me(token);
      setToken(token);
      this.dispatchEvent(new CustomEvent('da-signed-in', { detail: me, bubbles: true }));
    } catch (e) {
      this.error = e.status === 401
        ? `The server does not accept this token${e.detail ? `: ${e.detail}` : '.'}`
        : `Could not sign in: ${e.message}`;
      this.busy = false;
      this.updateComplete.then(() => this.querySelector('#token')?.select());
    }
  }

  render() {
    return html`
      <article class="signin">
        <header>
          <h1>Sign in</h1>
          <p>Use an access token of this server.</p>
        </header>
        <form data-testid="signin-form" @submit=${this.submit} novalidate>
          <label for="token">Access token</label>
          <input id="token" name="token" type="password" autocomplete="off" spellcheck="false"
            data-testid="token-input" required aria-describedby=${this.error ? 'token-help signin-error' : 'token-help'}
            aria-invalid=${this.error ? 'true' : nothing}>
          <small id="token-help">The first start of the server prints the admin token once in its log.
            More tokens: <code>analyst:token-create</code> in the shell, or <code>POST /api/tokens</code>.
            The token is kept for this browser tab only.</small>
          ${this.error ? html`<p id="signin-error" class="error-text" role="alert" data-testid="signin-error">${this.error}</p>` : nothing}
          <button type="submit" data-testid="signin-submit" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
            Sign in</button>
        </form>
      </article>`;
  }
}

customElements.define('da-signin', DaSignin);
