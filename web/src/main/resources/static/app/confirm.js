// A modal confirmation built on <dialog>: resolves true when confirmed, false otherwise
// (Cancel, Escape, a click on the backdrop). Focus returns to where it was.
import { html, render } from 'lit';

export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const dialog = document.createElement('dialog');
    dialog.dataset.testid = 'confirm-dialog';
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    dialog.setAttribute('aria-describedby', 'confirm-message');
    let result = false;
    const close = (value) => {
      result = value;
      dialog.close();
    };
    render(html`
      <article>
        <header><h2 id="confirm-title">${title}</h2></header>
        <p id="confirm-message">${message}</p>
        <footer>
          <button type="button" class="secondary" data-testid="confirm-cancel" @click=${() => close(false)}>Cancel</button>
          <button type="button" class=${danger ? 'danger' : ''} data-testid="confirm-ok" @click=${() => close(true)}>${confirmLabel}</button>
        </footer>
      </article>`, dialog);
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) close(false);
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      document.documentElement.classList.remove('modal-is-open');
      if (previous && previous.isConnected && typeof previous.focus === 'function') previous.focus();
      resolve(result);
    });
    document.body.append(dialog);
    document.documentElement.classList.add('modal-is-open');
    dialog.showModal();
    dialog.querySelector('[data-testid="confirm-cancel"]').focus();
  });
}
