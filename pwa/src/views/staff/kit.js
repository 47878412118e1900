// What the merchandiser's order screens share: the statuses of the status
// filter and their tag colours, the desktop/phone switch, their error
// wording, file downloads and uploads with the bearer token. What a user may
// do with an order is not worked out here: the server lists it in the
// order's `actions` (lib/actions.js).
import { ref, onMounted, onBeforeUnmount } from 'vue';
import { raw, ApiError, postWithProgress } from '../../api.js';
import { errorText } from '../../lib/errors.js';
import { i18n } from '../../i18n/index.js';
import '../../i18n/staff.js'; // the staff.* messages

/** Every order status, for the status filter and the dashboard's counts. */
export const STATUSES = ['draft', 'confirmed', 'in_production', 'partially_shipped', 'shipped', 'closed', 'cancelled'];
/** The ship modes the order form offers. */
export const SHIP_MODES = ['sea', 'air', 'rail', 'truck', 'courier'];

const TAG = { draft: 'default', confirmed: 'primary', in_production: 'success', partially_shipped: 'success', shipped: 'success', closed: 'default', cancelled: 'danger' };
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

/** A failure in the user's language, the staff screens' wording first. */
export const staffError = (e) => errorText(e, { prefer: ['staff.errors'] });

/** An order field's label, or its API name when it has none (a field the server named that no form shows). */
export const fieldLabel = (k) => (i18n.global.te('staff.fields.' + k) ? i18n.global.t('staff.fields.' + k) : k);

export const fmtNumber = (n, locale) => (n == null || n === '' ? '' : Number(n).toLocaleString(locale));

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
