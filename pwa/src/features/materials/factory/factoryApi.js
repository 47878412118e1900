// Every API call of the factory's material screens, in one place (issue 17,
// contract parts H1–H3). Reads are plain GETs (the service worker keeps the
// last answer for a phone with no signal); every write goes through the
// outbox (queue.js queueWrite, via submitWrite so a refused form keeps what
// was typed), with an Idempotency-Key, photos uploaded first and their ids
// put into the body's photo_ids. Quantities are decimal strings ("1250.50").
import { get } from '../../../api.js';
import { submitWrite } from '../../../queue.js';
import { fetchJSON } from '../../../views/factory/util.js';

const V1 = '/api/v1';

// ---- reads ---------------------------------------------------------------------

/**
 * GET /orders/:id/materials → {order_id, sourcing, lines: [{id, category, name,
 * spec, colour, material_colour, unit, consumption, wastage_pct, required_qty,
 * previous_required_qty, needed_by, sourced_by, note, readiness: {status,
 * ordered, received, passed, short, eta}}], readiness: {status, lines_total,
 * lines_ready, blocking: [{line_id, name, status}]}, actions}; with the time
 * it was fetched ({data, fetchedAt}). Where the answer has no readiness, it is
 * taken from GET /orders/:id/material-readiness → {order_id, readiness,
 * lines: [{line_id, name, needed, readiness}]}.
 */
export async function loadOrderMaterials(orderId) {
  const r = await fetchJSON(`${V1}/orders/${orderId}/materials`);
  if (r.data && !r.data.readiness) {
    // A server whose requirement answer does not carry readiness yet: the
    // same objects from GET /orders/:id/material-readiness.
    try {
      withReadiness(r.data, (await fetchJSON(`${V1}/orders/${orderId}/material-readiness`)).data);
    } catch {
      // shown without it
    }
  }
  return r;
}

/** Puts a material-readiness answer ({readiness, lines: [{line_id, readiness}]}) into a materials answer. */
export function withReadiness(mat, ready) {
  if (!mat || !ready?.readiness) return mat;
  mat.readiness = ready.readiness;
  const by = new Map((ready.lines || []).map((l) => [l.line_id, l.readiness]));
  for (const l of mat.lines || []) if (!l.readiness && by.has(l.id)) l.readiness = by.get(l.id);
  return mat;
}

/** GET /material-pos?order_id=… → {items: [PO], next_cursor} (the factory's own rows only). */
export const loadOrderPOs = (orderId) => get(`${V1}/material-pos?order_id=${encodeURIComponent(orderId)}&limit=200`);

/** GET /material-pos?due=overdue|24h&status=…&cursor=… : the factory's POs across its orders. */
export function loadPOs({ due = '', status = '', cursor = '', limit = 50 } = {}) {
  const q = new URLSearchParams();
  if (due) q.set('due', due);
  if (status) q.set('status', status);
  if (cursor) q.set('cursor', cursor);
  q.set('limit', String(limit));
  return get(`${V1}/material-pos?${q}`);
}

/**
 * GET /material-pos/:id → {id, order_id, po_number, sourced_by, status,
 * material_supplier: {id, code, name}, currency, ordered_date, promised_date,
 * baseline_date, eta, shipped_date, carrier, tracking, deliver_to, note,
 * order_po_number, lines: [{id, line_id, name, spec, colour, material_colour,
 * unit, category, quantity, received_qty, accepted_qty, short, over,
 * unit_price (only on the factory's own POs)}], changes: [{id, field, from,
 * to, reason_code, note, by, at}], receipts: [{id, po_line_id, received_date,
 * quantity, warehouse, location, handling, note, photos}], actions}; an
 * `inspections` list is shown when the server adds one (it has none yet: the
 * requirement lines' readiness tells how the goods inspected).
 */
export const loadPO = (id) => fetchJSON(`${V1}/material-pos/${id}`);

/** GET /material-suppliers → {items: [{id, code, name, name_en, active}]} (the factory: active ones). */
export async function loadMaterialSuppliers() {
  const d = await get(`${V1}/material-suppliers`);
  return Array.isArray(d) ? d : d?.items || [];
}

/** GET /material-inspections/:id → the inspection with its rolls, points and result. */
export const loadInspection = (id) => get(`${V1}/material-inspections/${id}`);

// ---- writes (each through the outbox) --------------------------------------------

// What a write is for (outbox.js refs): screens ask for the writes still
// waiting for an order's material POs, or for one PO, by these.
export const poRef = (orderId, poId, action) => ({ kind: 'material_po', orderId: Number(orderId), poId: poId ? Number(poId) : null, action });

function write(label, method, url, body, ref, photos = []) {
  return { label, method, url, body, ref, photos };
}

/** The write descriptions; send(w) or useSheetForm's send queues them. */
export const writes = {
  /** POST /orders/:id/material-pos {material_supplier_id, sourced_by: factory, currency, ordered_date, promised_date, eta, deliver_to, note, lines: [{line_id, quantity, unit_price}]} → 201 PO */
  createPO: (orderId, body, label) => write(label, 'POST', `${V1}/orders/${orderId}/material-pos`, body, poRef(orderId, null, 'create')),
  /** POST /material-pos/:id/send {} */
  send: (po, label) => write(label, 'POST', `${V1}/material-pos/${po.id}/send`, {}, poRef(po.order_id, po.id, 'send')),
  /** POST /material-pos/:id/confirm {promised_date, eta} */
  confirm: (po, body, label) => write(label, 'POST', `${V1}/material-pos/${po.id}/confirm`, body, poRef(po.order_id, po.id, 'confirm')),
  /** POST /material-pos/:id/reschedule {field: promised_date|eta, date, reason_code, note} */
  reschedule: (po, body, label) => write(label, 'POST', `${V1}/material-pos/${po.id}/reschedule`, body, poRef(po.order_id, po.id, 'reschedule')),
  /** POST /material-pos/:id/ship {shipped_date, carrier, tracking, eta} */
  ship: (po, body, label) => write(label, 'POST', `${V1}/material-pos/${po.id}/ship`, body, poRef(po.order_id, po.id, 'ship')),
  /** POST /material-pos/:id/cancel {reason} */
  cancel: (po, body, label) => write(label, 'POST', `${V1}/material-pos/${po.id}/cancel`, body, poRef(po.order_id, po.id, 'cancel')),
  /** POST /material-pos/:id/receipts {po_line_id, received_date, quantity, warehouse, location, handling, note, photo_ids} → 201 receipt */
  receive: (po, body, photos, label) => write(label, 'POST', `${V1}/material-pos/${po.id}/receipts`, body, poRef(po.order_id, po.id, 'receive'), photos),
  /** POST /material-pos/:id/inspections {po_line_id, receipt_id, kind, inspected_date, rolls | lot_size+level+aql+defects, photo_ids, reason} → 201 inspection */
  inspect: (po, body, photos, label) => write(label, 'POST', `${V1}/material-pos/${po.id}/inspections`, body, poRef(po.order_id, po.id, 'inspect'), photos),
  /** POST /material-inspections/:id/resolve {resolution: replacement, note} (a concession is the buyer's) */
  resolve: (po, inspectionId, body, label) => write(label, 'POST', `${V1}/material-inspections/${inspectionId}/resolve`, body, poRef(po.order_id, po.id, 'resolve')),
};

/** Queues a write; resolves {delivered, refused?, signedOut?} (queue.js submitWrite). */
export const send = (w) => submitWrite(w);
