// An API error as texts in the user's language. The server sends codes with
// params (models/codes.go; the list is in i18n/codes.json): a top-level code
// for the whole answer, and per field (and per row of an import) a field
// code. The PWA shows its own translation of the code with the params,
// never the server's English `message`.
//
//   errorText(err)  — an ApiError, NetworkError, an outbox item's error or
//                     an envelope's `error`, as one sentence
//   fieldText(fe)   — one field problem {code, params}
//   formErrors(err, names) — the field texts of the fields a form shows,
//                     and one text for the rest
import { i18n, formatDate } from '../i18n/index.js';

const g = i18n.global;

// Param values that are API words get the UI's word for them; params such
// as `allowed` (a list of API values) are shown as sent.
const PARAM_WORDS = { type: 'errors.type.', unit: 'factory.units.', field: 'staff.fields.' };
// Codes whose params are dates, written in the user's calendar style.
const DATE_PARAMS = {
  date_out_of_range: ['min', 'max'], date_too_early: ['min'], plan_out_of_range: ['date', 'min', 'max'],
  slot_full: ['date', 'next_free'], warehouse_closed: ['date'], before_from: ['from'], before_shipped: ['shipped'],
};
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function paramText(code, name, value) {
  if (value === null || value === undefined) return '';
  if (name === 'status') {
    const table = code === 'milestone_closed' ? 'factory.stepStatus.' : /^inspection_/.test(code) ? 'insp.status.' : /^delivery_/.test(code) ? 'deliv.status.' : 'factory.status.';
    const key = table + value;
    return g.te(key) ? g.t(key) : String(value);
  }
  // A warehouse's weekly day off comes as the word `weekly`, a closure with its own reason.
  if (name === 'reason' && value === 'weekly') return g.t('errors.weekly');
  const words = PARAM_WORDS[name];
  if (words && g.te(words + value)) return g.t(words + value);
  if (DATE_PARAMS[code]?.includes(name)) {
    // One date, or a list of them ("2026-12-11, 2026-12-12": slot_full's next_free).
    const dates = String(value).split(',').map((s) => s.trim());
    if (dates.length && dates.every((d) => ISO_DATE.test(d))) {
      const words = dates.map(formatDate);
      return words.length > 1 && Intl.ListFormat ? new Intl.ListFormat(g.locale.value, { type: 'disjunction' }).format(words) : words.join(', ');
    }
  }
  if (typeof value === 'number') return new Intl.NumberFormat(g.locale.value).format(value);
  return String(value);
}

/** The params of a code, ready for the message (named interpolation). */
export function params(code, raw) {
  const out = {};
  for (const [k, v] of Object.entries(raw || {})) out[k] = paramText(code, k, v);
  return out;
}

const has = (o) => !!o && typeof o === 'object' && Object.keys(o).length > 0;

/** One field problem ({code, params}) as text. */
export function fieldText(fe) {
  const code = fe && typeof fe === 'object' ? fe.code : '';
  if (!code) return fe ? g.t('errors.invalid') : '';
  if (!has(fe.params) && g.te(`errors.bare.${code}`)) return g.t(`errors.bare.${code}`);
  if (g.te(`errors.field.${code}`)) return g.t(`errors.field.${code}`, params(code, fe.params));
  return g.t('errors.invalid');
}

/**
 * A failure as one sentence. prefer lists message tables with a screen's
 * own wording for some codes (e.g. 'factory.errors'), tried first.
 */
export function errorText(err, { prefer = [] } = {}) {
  if (!err) return g.t('common.error');
  const code = err.code || '';
  if (code === 'network' || code === 'network_error' || (!code && err.status === 0)) return g.t('errors.network');
  for (const table of prefer) if (code && g.te(`${table}.${code}`)) return g.t(`${table}.${code}`);
  if (code === 'validation_failed') {
    const fields = Object.values(err.fields || {});
    if (fields.length === 1) return fieldText(fields[0]);
  }
  if (code === 'too_many_attempts' && err.retryAfter > 0) {
    const mins = Math.max(1, Math.ceil(err.retryAfter / 60));
    return g.t('errors.retryIn', { wait: g.t('common.minutes', { n: mins }, mins) });
  }
  if (code && g.te(`errors.code.${code}`)) return g.t(`errors.code.${code}`, params(code, err.params));
  if (code && g.te(`errors.local.${code}`)) return g.t(`errors.local.${code}`);
  if (err.status >= 500) return g.t('errors.code.internal_error');
  return g.t('common.error');
}

/**
 * Splits a refusal for a form: fields maps each server field the form
 * shows (by name; `match(name)` may map nested names such as lines[2].size)
 * to its text, and form is one text for everything else: the other fields'
 * texts, "correct the marked fields" when every field is shown at its
 * place, or the top-level error when no field was named.
 */
export function formErrors(err, names = [], { prefer = [], match } = {}) {
  const fields = {};
  const rest = [];
  for (const [name, fe] of Object.entries(err?.fields || {})) {
    const key = names.includes(name) ? name : match?.(name);
    if (key && !fields[key]) fields[key] = fieldText(fe);
    else if (!key) rest.push(fieldText(fe));
  }
  let form;
  if (rest.length) form = rest.join(g.t('errors.sep'));
  else if (Object.keys(fields).length) form = errorText({ ...err, fields: {} }, { prefer }); // "correct the marked fields"
  else form = errorText(err, { prefer });
  return { fields, form };
}
