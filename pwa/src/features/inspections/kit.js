// What the inspection screens share: the API words they show (types,
// statuses, results, check kinds), the defect codes (kept on the phone for
// an inspection recorded with no signal, most used first), and loading an
// inspection. What a user may do with one is what the server lists in its
// `actions` (lib/actions.js).
import { get } from '../../api.js';
import { errorText, params as errorParams } from '../../lib/errors.js';
import { formatDate } from '../../i18n/index.js';
import './messages.js';

export const TYPES = ['ipi', 'dupro', 'fri', 'reinspection'];
export const BOOKABLE_TYPES = ['ipi', 'dupro', 'fri'];
export const CHECK_KINDS = ['carton_count', 'packing', 'labelling', 'marking'];

const STATUS_TAG = { requested: 'warning', confirmed: 'primary', completed: 'success', cancelled: 'default' };
export const statusTag = (s) => STATUS_TAG[s] || 'default';
export const resultTag = (r) => (r === 'pass' ? 'success' : r === 'fail' ? 'danger' : 'default');

/**
 * The server's suggestion of the next inspection ({code, params}) in words,
 * or '' for a code this app has no text for.
 */
export function suggestionText(reason, t, te) {
  if (!reason?.code || !te(`insp.suggest.${reason.code}`)) return '';
  const p = errorParams(reason.code, reason.params);
  for (const k of ['date', 'failed_date']) if (reason.params?.[k]) p[k] = formatDate(reason.params[k]);
  return t(`insp.suggest.${reason.code}`, p);
}

/** A failure in the user's language, the inspection screens' wording first. */
export const inspError = (e) => errorText(e, { prefer: ['insp.errors'] });

/** Today as YYYY-MM-DD on the phone's calendar. */
export function todayISO(d = new Date()) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// ---- defect codes ------------------------------------------------------------

const CODES_KEY = 'gendan.defectCodes';
const USE_KEY = 'gendan.defectUse';

function readLocal(key, fallback) {
  try {
    const v = JSON.parse(localStorage.getItem(key) || 'null');
    return v ?? fallback;
  } catch {
    return fallback;
  }
}
function writeLocal(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or off: fine
  }
}

/** The active defect codes in their order; the kept copy when offline. */
export async function loadDefectCodes() {
  try {
    const data = await get('/api/v1/defect-codes');
    const list = (data?.items || []).filter((x) => x.active !== false).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    writeLocal(CODES_KEY, list);
    return list;
  } catch (e) {
    const kept = readLocal(CODES_KEY, null);
    if (Array.isArray(kept) && kept.length) return kept;
    throw e;
  }
}

/** The defect codes kept on this phone (shown at once, before the fetch). */
export const keptDefectCodes = () => {
  const v = readLocal(CODES_KEY, []);
  return Array.isArray(v) ? v : [];
};

/** Counts a code as used on this phone (the most used come first). */
export function noteDefectUse(code) {
  const use = readLocal(USE_KEY, {});
  use[code] = (Number(use[code]) || 0) + 1;
  writeLocal(USE_KEY, use);
}

/**
 * The codes split for the counters: `top` (the `n` most used on this phone,
 * then by position, plus any already counted) and `more` (the rest, in
 * their order).
 */
export function splitCodes(codes, use = readLocal(USE_KEY, {}), counted = new Set(), n = 6) {
  const ranked = [...codes].sort((a, b) => (Number(use[b.code]) || 0) - (Number(use[a.code]) || 0) || (a.position ?? 0) - (b.position ?? 0));
  const topCodes = new Set(ranked.slice(0, n).map((c) => c.code));
  for (const c of counted) topCodes.add(c);
  return {
    top: ranked.filter((c) => topCodes.has(c.code)),
    more: codes.filter((c) => !topCodes.has(c.code)),
  };
}

/** GET /inspections/:id. */
export const loadInspection = (id) => get(`/api/v1/inspections/${id}`);
