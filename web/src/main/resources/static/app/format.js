// Small formatting helpers shared by the views.
import { html, nothing } from 'lit';

const sameYear = new Intl.DateTimeFormat(undefined,
  { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const otherYear = new Intl.DateTimeFormat(undefined,
  { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A timestamp as <time>, localised, with the ISO value in datetime and title. */
export function time(iso) {
  if (!iso) return html`<span class="muted" aria-label="not yet">—</span>`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = date.getFullYear() === new Date().getFullYear() ? sameYear : otherYear;
  return html`<time datetime=${iso} title=${iso}>${format.format(date)}</time>`;
}

/** A duration between two timestamps (or until now), e.g. "1 min 4 s". */
export function duration(startIso, endIso) {
  if (!startIso) return nothing;
  const start = new Date(startIso).getTime();
  const end = endIso ? new Date(endIso).getTime() : Date.now();
  if (Number.isNaN(start) || Number.isNaN(end)) return nothing;
  let seconds = Math.max(0, Math.round((end - start) / 1000));
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  if (hours) return `${hours} h ${minutes} min`;
  if (minutes) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}

const integers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A count (rows, columns) with digit grouping; "—" when unknown. */
export function count(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return integers.format(Number(n));
}

export function bytes(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Platform ids (a kind letter + 12 characters) are short enough to show whole; longer ones are cut. */
export function shortId(id) {
  const s = String(id ?? '');
  return s.length > 16 ? s.slice(0, 8) : s;
}

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export function isActive(run) {
  return run && (run.status === 'queued' || run.status === 'running');
}

/** A run's status as a badge; the text says it, the colour only repeats it. */
export function statusBadge(status, testid = 'run-status') {
  return html`<span class="status status-${status || 'unknown'}" data-testid=${testid}>${status || 'unknown'}</span>`;
}

/** A run's progress as <progress>, indeterminate while queued or without a fraction. */
export function progressBar(run, testid = 'run-progress') {
  const fraction = run?.progress?.fraction;
  const known = typeof fraction === 'number' && fraction >= 0;
  const value = run?.status === 'succeeded' ? 1 : (known ? Math.min(1, fraction) : null);
  const percent = value === null ? null : Math.round(value * 100);
  const label = percent === null ? 'Progress unknown' : `${percent}% done`;
  if (value === null && !isActive(run)) {
    return html`<span class="muted">—</span>`;
  }
  return html`<progress data-testid=${testid} aria-label=${label} title=${label}
      value=${value === null ? nothing : value} max="1"></progress>`;
}
