import { html, nothing } from 'lit';

/** Previous / next for a page answer {offset, limit, total}; nothing when it all fits on one page. */
export function pager(page, go, testid) {
  if (!page || page.total <= page.limit) return nothing;
  const first = page.offset + 1;
  const last = Math.min(page.offset + page.items.length, page.total);
  const previous = Math.max(0, page.offset - page.limit);
  const next = page.offset + page.limit;
  return html`
    <nav class="pager" aria-label="Pages" data-testid="${testid}-pager">
      <button type="button" class="secondary outline compact" data-testid="${testid}-prev"
        ?disabled=${page.offset === 0} @click=${() => go(previous)}>← Previous</button>
      <span aria-live="polite">${first}–${last} of ${page.total}</span>
      <button type="button" class="secondary outline compact" data-testid="${testid}-next"
        ?disabled=${next >= page.total} @click=${() => go(next)}>Next →</button>
    </nav>`;
}
