// What the delivery screens share: the API words they show (statuses,
// transport modes), their error wording, the outbox refs of their writes,
// and the file transfers of the packing list (the API wants the bearer
// token, so a plain link will not do). What a user may do with a delivery
// is what the server lists in its `actions` (lib/actions.js).
import { get, raw, ApiError, postWithProgress } from '../../api.js';
import { errorText } from '../../lib/errors.js';
import './messages.js';

export const STATUSES = ['requested', 'confirmed', 'shipped', 'received', 'rejected', 'cancelled'];
export const MODES = ['sea', 'air', 'rail', 'truck', 'courier'];

const TAG = { requested: 'warning', confirmed: 'primary', shipped: 'success', received: 'success', rejected: 'danger', cancelled: 'default' };
export const statusTag = (s) => TAG[s] || 'default';

/** A failure in the user's language, the delivery screens' wording first. */
export const delivError = (e) => errorText(e, { prefer: ['deliv.errors'] });

// Outbox refs (see outbox.js): a booking of an order, and a write on one
// of its deliveries (cancel, pack, ship).
export const bookingRef = (orderId, extra = {}) => ({ kind: 'delivery_booking', orderId, ...extra });
export const writeRef = (orderId, deliveryId, action) => ({ kind: 'delivery_write', orderId, deliveryId, action });

/** GET /orders/:id/deliveries: {items, summary}. */
export const loadOrderDeliveries = (orderId) => get(`/api/v1/orders/${orderId}/deliveries`);
export const loadDelivery = (id) => get(`/api/v1/deliveries/${id}`);

/** Today as YYYY-MM-DD on the phone's calendar. */
export function todayISO(d = new Date()) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Saves a file the API serves under the name its Content-Disposition gives (else fallback). */
export async function download(url, fallback) {
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
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') || '')?.[1];
  const href = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href, download: name ? decodeURIComponent(name) : fallback });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

/**
 * POSTs a file as the multipart part `file`; resolves the answer's JSON,
 * or throws ApiError (its `rows` say what is wrong where).
 */
export async function upload(url, file) {
  const { status, data } = await postWithProgress(url, () => {
    const f = new FormData();
    f.append('file', file, file.name);
    return f;
  }, { timeout: 120_000 });
  if (status < 200 || status >= 300) throw new ApiError(status, data);
  return data;
}

/** "Navy / M" */
export const lineName = (l) => [l.colour, l.size].filter(Boolean).join(' / ');
