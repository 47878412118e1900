// What the merchandiser's order screens share: statuses, the desktop/phone
// switch, error texts, file downloads and uploads with the bearer token.
import { ref, onMounted, onBeforeUnmount } from 'vue';
import { useI18n } from 'vue-i18n';
import { raw, errorMessage, ApiError, postWithProgress } from '../../api.js';
import '../../i18n/staff.js'; // the staff.* messages

export const STATUSES = ['draft', 'confirmed', 'in_production', 'shipped', 'closed', 'cancelled'];
export const SHIP_MODES = ['sea', 'air', 'rail', 'truck', 'courier'];
/** Statuses in which an order can still be edited or cancelled. */
export const OPEN = ['draft', 'confirmed', 'in_production'];

const TAG = { draft: 'default', confirmed: 'primary', in_production: 'success', shipped: 'success', closed: 'default', cancelled: 'danger' };
export const statusTag = (s) => TAG[s] || 'default';

/** True on a desktop-wide window (the width at which StaffShell shows its side menu). */
export function useWide() {
  const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(min-width: 900px)') : null;
  const wide = ref(media ? media.matches : true);
  const update = () => { wide.value = media ? media.matches : true; };
  onMounted(() => media?.addEventListener('change', update));
  onBeforeUnmount(() => media?.removeEventListener('change', update));
  return wide;
}

// Server field messages (English) that have a translation; the rest are shown as sent.
const PROBLEMS = [
  [/^is required: up to 64/, 'po'],
  [/^is required with a unit price/, 'currencyNeeded'],
  [/^is required/, 'required'],
  [/^must be a date/, 'date'],
  [/is already used/, 'taken'],
  [/^must be a whole number from 1/, 'quantity'],
  [/^repeats line (\d+)/, 'repeats'],
  [/^names no|^must be sea, air/, 'choose'],
  [/^must be a decimal number/, 'price'],
  [/^must be a 3-letter/, 'currency'],
  [/^must be 0–30/, 'tolerance'],
  [/^at least one colour/, 'noLines'],
  [/^at most (\d+) lines/, 'tooManyLines'],
  [/^must be at most (\d+) characters/, 'tooLong'],
  [/^cannot change once the order is confirmed/, 'poLocked'],
  [/^is not a valid e-mail/, 'email'],
];

/** Error texts in the user's language: msg(err) for a failure, problem(text) for a field. */
export function useErrors() {
  const { t, te } = useI18n();
  const msg = (e) => (e?.code && te(`staff.errors.${e.code}`) ? t(`staff.errors.${e.code}`) : errorMessage(e, t, te));
  const problem = (text) => {
    for (const [re, key] of PROBLEMS) {
      const m = re.exec(text || '');
      if (m) return t(`staff.problems.${key}`, { n: m[1] || '' });
    }
    return text;
  };
  return { msg, problem };
}

/** The display name of a supplier or milestone in the current language. */
export const localName = (x, locale) => (x ? (locale === 'en' && x.name_en ? x.name_en : x.name) : '');

export const fmtNumber = (n, locale) => (n == null || n === '' ? '' : Number(n).toLocaleString(locale));

/** Today as YYYY-MM-DD (local time). */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Whole days from a to b (YYYY-MM-DD). */
export const daysBetween = (a, b) => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);

function filenameOf(disposition) {
  if (!disposition) return '';
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : '';
}

/**
 * Downloads a file the API serves (it needs the bearer token, so a plain
 * link will not do): fetch, then save through a temporary <a download>.
 */
export async function download(url, fallbackName) {
  const res = await raw('GET', url);
  if (!res.ok) {
    let body = null;
    try {
      body = await res.json();
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, body);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filenameOf(res.headers.get('Content-Disposition')) || fallbackName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

/**
 * Uploads a file as the multipart part `file`, reporting progress.
 * Resolves {status, data}; refreshes the token once on a 401.
 */
export function uploadFile(url, file, onProgress) {
  return postWithProgress(url, () => {
    const f = new FormData();
    f.append('file', file, file.name);
    return f;
  }, { onProgress, timeout: 300_000 });
}
