// The after-sales API (售后, issue 18, the contract's parts A–C): the one
// client of the staff screens (part D) and of the factory's (part E, which
// imports it). Every path and every body key is here, so a change on the
// server side is one edit. Money travels as decimal strings ("12345.60",
// "5.5" for a percentage); this file never turns it into numbers.
import { get, request, uploadPhoto, ApiError } from '../../api.js';

const V1 = '/api/v1';

/** The paths, by what they are for. */
export const PATHS = {
  // A: complaints and CAPA.
  orderComplaints: (orderId) => `${V1}/orders/${orderId}/complaints`,
  complaints: `${V1}/complaints`,
  complaint: (id) => `${V1}/complaints/${id}`,
  complaintAction: (id, action) => `${V1}/complaints/${id}/${action}`, // answer | investigate | agree | close
  capas: `${V1}/capas`,
  capa: (id) => `${V1}/capas/${id}`,
  capaAction: (id, action) => `${V1}/capas/${id}/${action}`, // complete | verify | reopen
  orderCapas: (orderId) => `${V1}/orders/${orderId}/capas`,
  // B: resolutions.
  complaintResolutions: (complaintId) => `${V1}/complaints/${complaintId}/resolutions`,
  resolutions: `${V1}/resolutions`,
  resolution: (id) => `${V1}/resolutions/${id}`,
  resolutionAction: (id, action) => `${V1}/resolutions/${id}/${action}`, // progress | reinspect | redeliver | acknowledge | complete | cancel
  // C: invoice, payments, closing, receivables.
  invoice: (orderId) => `${V1}/orders/${orderId}/invoice`,
  payments: (orderId) => `${V1}/orders/${orderId}/payments`,
  finance: (orderId) => `${V1}/orders/${orderId}/finance`,
  closeOrder: (orderId) => `${V1}/orders/${orderId}/close`,
  receivables: `${V1}/receivables`,
  photos: `${V1}/photos`,
};

/** The keys of the request bodies, per write (a form becomes a body by picking these: model.js). */
export const BODY = {
  complaint: ['received_date', 'channel', 'description', 'delivery_id', 'lines', 'affected_qty', 'severity', 'customer_request', 'customer_contact', 'photo_ids'],
  complaintLine: ['colour', 'size', 'quantity'],
  answer: ['answer'],
  capa: ['source_kind', 'source_id', 'problem', 'due_date'],
  capaEdit: ['containment', 'root_cause', 'cause_category', 'corrective_action', 'preventive_action', 'owner', 'due_date', 'photo_ids'],
  capaNote: ['note'], // verify, reopen
  resolution: ['kind', 'quantity', 'cost_bearer', 'note', 'due_date', 'discount_amount', 'discount_pct', 'chargeback_amount', 'chargeback_over_discount', 'then_kind'],
  rework: ['reworked_qty'], // progress of a rework
  returnShipped: ['return_shipped_date'], // progress of a return
  returnReceived: ['return_received_date'],
  cancel: ['reason'],
  invoice: ['number', 'invoice_date', 'amount', 'currency', 'due_date'],
  payment: ['paid_date', 'amount', 'reference'],
};

/** The answers' keys the screens read. */
export const FIELDS = {
  items: 'items',
  next: 'next_cursor',
  related: 'related', // GET /orders/:id/capas: not verified CAPAs of the same supplier and style on other orders
  actions: 'actions',
};

/** The vocabularies the contract fixes (models/aftersales.go). */
export const COMPLAINT_STATUSES = ['open', 'investigating', 'resolution_agreed', 'closed'];
export const CHANNELS = ['email', 'phone', 'chat', 'visit', 'other'];
export const SEVERITIES = ['minor', 'major', 'critical'];
export const CUSTOMER_REQUESTS = ['replace', 'repair', 'discount', 'return', 'information'];
export const CAPA_STATUSES = ['open', 'done', 'verified'];
export const CAPA_SOURCES = ['complaint', 'inspection', 'sample'];
export const CAUSE_CATEGORIES = ['man', 'machine', 'material', 'method', 'measurement', 'environment', 'design'];
export const RESOLUTION_KINDS = ['concession', 'rework', 'reproduction', 'discount', 'return'];
export const COST_BEARERS = ['factory', 'buyer', 'shared'];
export const RESOLUTION_STATUSES = ['open', 'done', 'cancelled'];
/** What follows a return (then_kind). */
export const THEN_KINDS = ['rework', 'reproduction', 'discount', 'concession'];

const qs = (params) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v != null) p.set(k, String(v));
  const s = p.toString();
  return s ? '?' + s : '';
};
const post = (url, body = {}) => request('POST', url, { body });

// Complaints (A).
export const recordComplaint = (orderId, body) => post(PATHS.orderComplaints(orderId), body);
/** filters: status, order_id, supplier_id, cursor, limit. */
export const listComplaints = (filters = {}) => get(PATHS.complaints + qs(filters));
export const loadComplaint = (id) => get(PATHS.complaint(id));
/** action: answer ({answer}, the factory) | investigate | agree | close (staff, {}). */
export const complaintAction = (id, action, body = {}) => post(PATHS.complaintAction(id, action), body);
export const answerComplaint = (id, answer) => complaintAction(id, 'answer', { answer });

// CAPA (A).
export const openCapa = (body) => post(PATHS.capas, body);
/** filters: status, overdue (1), order_id. */
export const listCapas = (filters = {}) => get(PATHS.capas + qs(filters));
export const loadCapa = (id) => get(PATHS.capa(id));
export const editCapa = (id, body) => request('PATCH', PATHS.capa(id), { body });
export const completeCapa = (id) => post(PATHS.capaAction(id, 'complete'));
export const verifyCapa = (id, note) => post(PATHS.capaAction(id, 'verify'), { note });
export const reopenCapa = (id, note) => post(PATHS.capaAction(id, 'reopen'), { note });
/** {items, related}. */
export const orderCapas = (orderId) => get(PATHS.orderCapas(orderId));

// Resolutions (B).
export const addResolution = (complaintId, body) => post(PATHS.complaintResolutions(complaintId), body);
/** filters: status, kind, mine (1). */
export const listResolutions = (filters = {}) => get(PATHS.resolutions + qs(filters));
export const loadResolution = (id) => get(PATHS.resolution(id));
/** action: progress | reinspect | redeliver | acknowledge | complete | cancel; body as BODY. */
export const resolutionAction = (id, action, body = {}) => post(PATHS.resolutionAction(id, action), body);

// Invoice, payments, closing, receivables (C; staff only).
export const saveInvoice = (orderId, body) => request('PUT', PATHS.invoice(orderId), { body });
export const addPayment = (orderId, body) => post(PATHS.payments(orderId), body);
/** {invoice|null, payments, paid, balance, overdue, days_overdue}. */
export const loadFinance = (orderId) => get(PATHS.finance(orderId));
export const closeOrder = (orderId) => post(PATHS.closeOrder(orderId));
/** filters: overdue (1), merchandiser_id, cursor, limit. */
export const listReceivables = (filters = {}) => get(PATHS.receivables + qs(filters));

/** Uploads one photo (a complaint's or a CAPA's evidence): resolves its id, or throws the server's answer. */
export async function uploadAftersalesPhoto(blob, onProgress) {
  const key = (globalThis.crypto?.randomUUID?.() || String(Date.now()) + Math.random()).toString();
  const r = await uploadPhoto(blob, key, onProgress);
  if (r.status >= 200 && r.status < 300 && r.data?.id) return r.data.id;
  throw new ApiError(r.status, r.data);
}
