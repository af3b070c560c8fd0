import { LitElement } from 'lit';

/**
 * A Lit element rendering into the light DOM, so Pico CSS and app.css style it like the rest of the
 * page. Views abort their pending requests and stop their timers when they leave the page.
 */
export class LightElement extends LitElement {
  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.abort = new AbortController();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.abort?.abort();
    this.clearTimers();
  }

  /** setTimeout that is cleared when the element leaves the page. */
  later(fn, ms) {
    this.timers ??= new Set();
    const id = setTimeout(() => {
      this.timers.delete(id);
      if (this.isConnected) fn();
    }, ms);
    this.timers.add(id);
    return id;
  }

  clearTimers() {
    for (const id of this.timers ?? []) clearTimeout(id);
    this.timers?.clear();
  }

  get signal() {
    return this.abort?.signal;
  }

  /** Tells the app (header, flash area) something; kind: 'info' | 'error'. */
  notify(text, kind = 'info', nextRoute = false) {
    this.dispatchEvent(new CustomEvent('da-notify', { detail: { text, kind, nextRoute }, bubbles: true, composed: true }));
  }
}

/** Ignores the AbortError of a request cancelled because its view went away. */
export function aborted(e) {
  return e && e.name === 'AbortError';
}
