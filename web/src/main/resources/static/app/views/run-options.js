// A form for a run type's options, generated from its options_schema (a JSON Schema object):
// integer and number fields, strings (with enum: a select), booleans. Other shapes are skipped
// and named, so the user knows the defaults apply.
import { html, nothing } from 'lit';

const SUPPORTED = new Set(['integer', 'number', 'string', 'boolean']);

function typeOf(prop) {
  const t = Array.isArray(prop?.type) ? prop.type.find((x) => x !== 'null') : prop?.type;
  if (!t && Array.isArray(prop?.enum)) return 'string';
  return t;
}

function fieldsOf(schema) {
  const properties = schema?.properties && typeof schema.properties === 'object' ? schema.properties : {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required : []);
  return Object.entries(properties).map(([key, prop]) => ({
    key, prop: prop || {}, type: typeOf(prop), required: required.has(key),
  }));
}

function field({ key, prop, type, required }) {
  const id = `opt-${key}`;
  const label = prop.title || key.replace(/_/g, ' ');
  const sentence = (text) => (text && !/[.!?]$/.test(text.trim()) ? `${text.trim()}.` : text);
  const help = [sentence(prop.description),
    prop.minimum !== undefined || prop.maximum !== undefined
      ? `Range ${prop.minimum ?? '…'} to ${prop.maximum ?? '…'}.` : null,
    prop.default !== undefined && type !== 'boolean' ? `Default: ${prop.default}.` : null]
    .filter(Boolean).join(' ');
  const helpId = help ? `${id}-help` : null;
  const testid = `run-option-${key}`;
  if (type === 'boolean') {
    return html`
      <label for=${id}>
        <input type="checkbox" role="switch" id=${id} name=${key} data-option=${key} data-type="boolean"
          data-testid=${testid} ?checked=${prop.default === true} aria-describedby=${helpId ?? nothing}>
        ${label}
      </label>
      ${help ? html`<small id=${helpId}>${help}</small>` : nothing}`;
  }
  let control;
  if (Array.isArray(prop.enum)) {
    control = html`
      <select id=${id} name=${key} data-option=${key} data-type=${type} data-testid=${testid}
        ?required=${required} aria-describedby=${helpId ?? nothing}>
        ${required && prop.default === undefined ? nothing : html`<option value="">(default)</option>`}
        ${prop.enum.map((v) => html`<option value=${String(v)} ?selected=${v === prop.default}>${String(v)}</option>`)}
      </select>`;
  } else if (type === 'integer' || type === 'number') {
    control = html`
      <input type="number" id=${id} name=${key} data-option=${key} data-type=${type} data-testid=${testid}
        inputmode=${type === 'integer' ? 'numeric' : 'decimal'} step=${type === 'integer' ? '1' : 'any'}
        min=${prop.minimum ?? nothing} max=${prop.maximum ?? nothing}
        placeholder=${prop.default !== undefined ? String(prop.default) : nothing}
        ?required=${required} aria-describedby=${helpId ?? nothing}>`;
  } else {
    control = html`
      <input type="text" id=${id} name=${key} data-option=${key} data-type="string" data-testid=${testid}
        placeholder=${prop.default !== undefined ? String(prop.default) : nothing}
        maxlength=${prop.maxLength ?? nothing} ?required=${required} aria-describedby=${helpId ?? nothing}>`;
  }
  return html`
    <label for=${id}>${label}${required ? html` <span aria-hidden="true">*</span>` : nothing}</label>
    ${control}
    ${help ? html`<small id=${helpId}>${help}</small>` : nothing}`;
}

/** The fields of a schema's options, inside a fieldset. */
export function renderOptions(schema) {
  const fields = fieldsOf(schema);
  if (fields.length === 0) return html`<p class="muted" data-testid="run-options-none">This run type has no options.</p>`;
  const supported = fields.filter((f) => SUPPORTED.has(f.type));
  const skipped = fields.filter((f) => !SUPPORTED.has(f.type));
  return html`
    <fieldset class="run-options" data-testid="run-options">
      <legend>Options</legend>
      ${supported.map(field)}
      ${skipped.length ? html`<small class="muted">Not editable here, defaults apply:
        ${skipped.map((f) => f.key).join(', ')}.</small>` : nothing}
    </fieldset>`;
}

/**
 * The params the form's option fields describe: only the fields the user filled (booleans always),
 * so the server's defaults apply to the rest. Answers {params, errors: [{key, message}]}.
 */
export function collectOptions(schema, form) {
  const params = {};
  const errors = [];
  for (const { key, prop, type, required } of fieldsOf(schema)) {
    if (!SUPPORTED.has(type)) continue;
    const el = form.querySelector(`[data-option="${CSS.escape(key)}"]`);
    if (!el) continue;
    const label = prop.title || key;
    if (type === 'boolean') {
      params[key] = el.checked;
      continue;
    }
    const raw = el.value.trim();
    if (raw === '') {
      if (required && prop.default === undefined) errors.push({ key, message: `${label} is required.` });
      continue;
    }
    if (type === 'integer' || type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) {
        errors.push({ key, message: `${label} must be ${type === 'integer' ? 'a whole number' : 'a number'}.` });
        continue;
      }
      if (prop.minimum !== undefined && n < prop.minimum) {
        errors.push({ key, message: `${label} must be at least ${prop.minimum}.` });
        continue;
      }
      if (prop.maximum !== undefined && n > prop.maximum) {
        errors.push({ key, message: `${label} must be at most ${prop.maximum}.` });
        continue;
      }
      params[key] = n;
    } else {
      params[key] = raw;
    }
  }
  return { params, errors };
}
