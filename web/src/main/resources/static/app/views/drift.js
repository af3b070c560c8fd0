// Schema drift as people read it: a short summary ("+2 −1 ~1"), a "breaking" marker and a table of
// changes. The API's change kinds are ADDED, REMOVED, RENAMED, MOVED, TYPE_CHANGED, NULLABILITY_CHANGED
// (compared without regard to case).
import { html, nothing } from 'lit';

const KIND_LABELS = {
  added: 'added',
  removed: 'removed',
  renamed: 'renamed',
  moved: 'moved',
  type_changed: 'type changed',
  nullability_changed: 'nullability changed',
};

export function kindOf(change) {
  return String(change?.kind ?? '').toLowerCase();
}

export function kindLabel(change) {
  const kind = kindOf(change);
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** {added, removed, changed} counts of a drift (null: none known). */
export function driftCounts(drift) {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const change of drift?.changes ?? []) {
    const kind = kindOf(change);
    if (kind === 'added') counts.added += 1;
    else if (kind === 'removed') counts.removed += 1;
    else counts.changed += 1;
  }
  return counts;
}

/** "+2 −1 ~1" with a spoken form in aria-label; "no change" when the schemas are equal; "—" without drift. */
export function driftSummary(drift, testid = 'drift-summary') {
  if (!drift) return html`<span class="muted" title="The first version has nothing to compare with">—</span>`;
  const { added, removed, changed } = driftCounts(drift);
  if (added + removed + changed === 0) {
    return html`<span class="muted" data-testid=${testid}>no change</span>`;
  }
  const spoken = [added && `${added} added`, removed && `${removed} removed`, changed && `${changed} changed`]
    .filter(Boolean).join(', ');
  const parts = [added && `+${added}`, removed && `\u2212${removed}`, changed && `~${changed}`].filter(Boolean);
  return html`<span class="drift mono" data-testid=${testid} title=${spoken} aria-label=${spoken}>${parts.join(' ')}</span>`;
}

/** The marker of a breaking change; the text says it, the colour only repeats it. */
export function breakingBadge(testid = 'breaking-marker') {
  return html`<span class="status status-breaking" data-testid=${testid}
    title="Consumers of the older schema may break">⚠ breaking</span>`;
}

function position(p) {
  return p === null || p === undefined ? '' : String(Number(p) + 1);
}

/** A sentence for a change when the server sent no detail. */
function describe(change) {
  if (change.detail) return change.detail;
  switch (kindOf(change)) {
    case 'added': return `new column, ${change.to_type ?? ''} at position ${position(change.to_position)}`;
    case 'removed': return `was ${change.from_type ?? ''} at position ${position(change.from_position)}`;
    case 'renamed': return `now named ${change.new_name}`;
    case 'moved': return `position ${position(change.from_position)} → ${position(change.to_position)}`;
    case 'type_changed': return `type ${change.from_type} → ${change.to_type}`;
    case 'nullability_changed': return change.to_nullable ? 'became nullable' : 'became not nullable';
    default: return '';
  }
}

/** The changes of a drift as a table (labelled by the element with id labelId). */
export function driftTable(drift, labelId, testid = 'drift-table') {
  const changes = drift?.changes ?? [];
  if (changes.length === 0) {
    return html`<p class="empty" data-testid="${testid}-empty">The two versions have the same schema.</p>`;
  }
  return html`
    <div class="overflow-auto">
      <table data-testid=${testid} aria-labelledby=${labelId ?? nothing}>
        <thead><tr><th scope="col">Change</th><th scope="col">Column</th><th scope="col">Detail</th>
          <th scope="col">Breaking</th></tr></thead>
        <tbody>
          ${changes.map((c) => html`
            <tr data-testid="drift-change" data-kind=${kindOf(c)} class=${c.breaking ? 'breaking-row' : ''}>
              <td>${kindLabel(c)}</td>
              <th scope="row" class="mono">${c.column}${c.new_name ? html` → ${c.new_name}` : nothing}</th>
              <td>${describe(c)}</td>
              <td>${c.breaking ? breakingBadge('change-breaking') : html`<span class="muted">no</span>`}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}
