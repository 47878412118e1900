// Every API call of the factory's after-sales screens (issue 18, contract
// part E). Reads are plain GETs (the service worker keeps the last answer
// for a phone with no signal); every write goes through the outbox
// (queue.js queueWrite, via submitWrite so a refused form keeps what was
// typed), with an Idempotency-Key, photos uploaded first and their ids put
// into the body's photo_ids — like a progress report. A factory's answers
// carry no price, discount, customer contact, invoice or payment.
import { get } from '../../../api.js';
import { submitWrite } from '../../../queue.js';
import { fetchJSON } from '../../../views/factory/util.js';

const V1 = '/api/v1';

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined && v !== null && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const items = (d) => (Array.isArray(d) ? d : d?.items || []);

// ---- reads ---------------------------------------------------------------------

/**
 * GET /complaints?status=&order_id=&cursor=&limit= → {items: [{id, order_id,
 * po_number, style_no, status, received_date, age_days, severity,
 * affected_qty, description, customer_request, actions}], next_cursor} (the
 * factory's own rows only).
 */
export const loadComplaints = ({ status = '', orderId = '', cursor = '', limit = 50 } = {}) =>
  get(`${V1}/complaints${query({ status, order_id: orderId, cursor, limit })}`);

/**
 * GET /complaints/:id → {id, order_id, po_number, status, received_date,
 * channel, description, lines, affected_qty, severity, customer_request,
 * factory_answer, answered_at, photos: [{id, urls}], resolutions: [{id, kind,
 * status, quantity, cost_bearer}], capa: {id, status}|null, actions}; with
 * the time it was fetched ({data, fetchedAt}).
 */
export const loadComplaint = (id) => fetchJSON(`${V1}/complaints/${id}`);

/** GET /capas?status=&overdue=1&order_id= → {items: [{id, order_id, source_kind, source_id, problem, due_date, status, …}]}. */
export const loadCAPAs = ({ status = '', overdue = false, orderId = '' } = {}) =>
  get(`${V1}/capas${query({ status, overdue: overdue ? 1 : '', order_id: orderId })}`);

/**
 * GET /capas/:id → {id, order_id, source_kind, source_id, problem,
 * containment, root_cause, cause_category, corrective_action,
 * preventive_action, owner, due_date, status, verify_note, photos, actions}
 * ({data, fetchedAt}).
 */
export const loadCAPA = (id) => fetchJSON(`${V1}/capas/${id}`);

/**
 * GET /resolutions?status=&kind=&mine=1 → {items: [{id, complaint_id,
 * order_id, kind, status, quantity, cost_bearer, reworked_qty,
 * inspection_id, delivery_id, chargeback_amount, chargeback_acknowledged_at,
 * actions}]}: the factory's rework tasks and chargebacks to acknowledge.
 */
export const loadResolutions = ({ status = '', kind = '', mine = true } = {}) =>
  get(`${V1}/resolutions${query({ status, kind, mine: mine ? 1 : '' })}`);

/** GET /resolutions/:id → one resolution (as in the list, with inspection {id, status, result}|null and delivery {id, status}|null) ({data, fetchedAt}). */
export const loadResolution = (id) => fetchJSON(`${V1}/resolutions/${id}`);

/** GET /inspections/:id → the re-inspection ({id, status, result, …}). */
export const loadInspection = (id) => get(`${V1}/inspections/${id}`);

/** GET /warehouses → the active warehouses (for booking the re-delivery). */
export async function loadWarehouses() {
  return items(await get(`${V1}/warehouses`));
}

export { items };

// ---- writes (each through the outbox) --------------------------------------------

// What a write is for (outbox.js refs): screens ask for the writes still
// waiting for one complaint, CAPA or resolution by these.
export const afsRef = (kind, id, action, orderId) => ({ kind, id: Number(id), orderId: orderId ? Number(orderId) : null, action });

function write(label, method, url, body, ref, photos = []) {
  return { label, method, url, body, ref, photos };
}

/** The write descriptions; send(w) queues them. */
export const writes = {
  /** POST /complaints/:id/answer {answer} */
  answer: (c, body, label) => write(label, 'POST', `${V1}/complaints/${c.id}/answer`, body, afsRef('complaint', c.id, 'answer', c.order_id)),
  /** PATCH /capas/:id {containment, root_cause, cause_category, corrective_action, preventive_action, owner, photo_ids} (evidence photos) */
  saveCAPA: (capa, body, photos, label) => write(label, 'PATCH', `${V1}/capas/${capa.id}`, body, afsRef('capa', capa.id, 'edit', capa.order_id), photos),
  /** POST /capas/:id/complete {} */
  completeCAPA: (capa, label) => write(label, 'POST', `${V1}/capas/${capa.id}/complete`, {}, afsRef('capa', capa.id, 'complete', capa.order_id)),
  /** POST /resolutions/:id/progress {reworked_qty} */
  progress: (r, body, label) => write(label, 'POST', `${V1}/resolutions/${r.id}/progress`, body, afsRef('resolution', r.id, 'progress', r.order_id)),
  /** POST /resolutions/:id/reinspect {date, address} → books the re-inspection of the reworked quantity */
  reinspect: (r, body, label) => write(label, 'POST', `${V1}/resolutions/${r.id}/reinspect`, body, afsRef('resolution', r.id, 'reinspect', r.order_id)),
  /** POST /resolutions/:id/redeliver {warehouse_id, date, cartons} → books the re-delivery (once the re-inspection passed) */
  redeliver: (r, body, label) => write(label, 'POST', `${V1}/resolutions/${r.id}/redeliver`, body, afsRef('resolution', r.id, 'redeliver', r.order_id)),
  /** POST /resolutions/:id/acknowledge {} (a chargeback) */
  acknowledge: (r, label) => write(label, 'POST', `${V1}/resolutions/${r.id}/acknowledge`, {}, afsRef('resolution', r.id, 'acknowledge', r.order_id)),
};

/** Queues a write; resolves {delivered, refused?, signedOut?} (queue.js submitWrite). */
export const send = (w) => submitWrite(w);
