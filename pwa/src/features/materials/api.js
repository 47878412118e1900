// The material follow-up API (issue 17, the contract's parts H1–H3): the
// one client the staff screens use. Every path and every body key is here,
// and the names the screens read from the answers are in FIELDS / PATHS
// below, so a change on the server side is one edit. Quantities travel as
// decimal strings ("1.3500", "3.00", "1250.50"); this file never turns
// them into numbers.
import { get, request } from '../../api.js';
import { download, uploadFile } from '../../views/staff/kit.js';

const V1 = '/api/v1';

/** The paths, by what they are for. */
export const PATHS = {
  suppliers: `${V1}/material-suppliers`,
  supplier: (id) => `${V1}/material-suppliers/${id}`,
  scorecard: (id) => `${V1}/material-suppliers/${id}/scorecard`,
  orderMaterials: (orderId) => `${V1}/orders/${orderId}/materials`,
  importBom: (orderId) => `${V1}/orders/${orderId}/materials/import`,
  copyBom: (orderId) => `${V1}/orders/${orderId}/materials/copy`,
  template: `${V1}/materials/template.xlsx`,
  line: (id) => `${V1}/material-lines/${id}`,
  orderPOs: (orderId) => `${V1}/orders/${orderId}/material-pos`,
  pos: `${V1}/material-pos`,
  po: (id) => `${V1}/material-pos/${id}`,
  poAction: (id, action) => `${V1}/material-pos/${id}/${action}`,
  poReceipts: (id) => `${V1}/material-pos/${id}/receipts`,
  poInspections: (id) => `${V1}/material-pos/${id}/inspections`,
  inspection: (id) => `${V1}/material-inspections/${id}`,
  resolve: (id) => `${V1}/material-inspections/${id}/resolve`,
};

/**
 * The keys of the request bodies, per write: a form is turned into a body
 * by picking these (model.js), so the form's field names and the API's are
 * the same and a server field error lands on its field.
 */
export const BODY = {
  line: ['category', 'name', 'spec', 'colour', 'material_colour', 'unit', 'consumption', 'wastage_pct', 'needed_by', 'sourced_by', 'nominated_supplier_id', 'note'],
  supplier: ['code', 'name', 'name_en', 'contact_name', 'contact_phone', 'contact_email', 'address', 'active'],
  po: ['material_supplier_id', 'sourced_by', 'currency', 'ordered_date', 'promised_date', 'eta', 'deliver_to', 'note', 'lines'],
  poLine: ['line_id', 'quantity', 'unit_price'],
  confirm: ['promised_date', 'eta'],
  reschedule: ['field', 'date', 'reason_code', 'note'],
  ship: ['shipped_date', 'carrier', 'tracking', 'eta'],
  cancel: ['reason'],
  receipt: ['po_line_id', 'received_date', 'quantity', 'warehouse', 'location', 'handling', 'note', 'photo_ids'],
  resolve: ['resolution', 'note'],
  copy: ['from_order_id'],
};

/** The answers' keys the screens read (a list page's, and the readiness parts H3 adds). */
export const FIELDS = {
  items: 'items',
  next: 'next_cursor',
  lines: 'lines',
  readiness: 'readiness', // on the materials answer: {status, lines_total, lines_ready, blocking}; on a line: {status, ordered, received, passed, short, eta}
  blocking: 'blocking',
  created: 'created',
};

/** The vocabularies the contract fixes (models/material.go). */
export const CATEGORIES = ['fabric', 'lining', 'trim', 'packaging'];
export const SOURCED_BY = ['factory', 'buyer', 'nominated'];
export const PO_STATUSES = ['draft', 'sent', 'confirmed', 'shipped', 'partially_received', 'received', 'cancelled'];
export const DELAY_REASONS = ['supplier_capacity', 'supplier_technology', 'supplier_quality', 'our_specification', 'our_price', 'our_follow_up', 'communication'];
export const HANDLINGS = ['accepted', 'returned', 'replacement_ordered'];
export const LINE_STATUSES = ['ready', 'inspecting', 'ordered', 'short', 'failed', 'late'];
export const READINESS = ['none', 'ready', 'pending', 'blocked'];
/** The PO actions the detail screen may show buttons for (the server lists which in `actions`). */
export const PO_ACTIONS = ['send', 'confirm', 'reschedule', 'ship', 'receive', 'cancel'];

const qs = (params) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v != null) p.set(k, String(v));
  const s = p.toString();
  return s ? '?' + s : '';
};

// Requirements (H1).
export const loadMaterials = (orderId) => get(PATHS.orderMaterials(orderId));
export const addLine = (orderId, body) => request('POST', PATHS.orderMaterials(orderId), { body });
export const editLine = (id, body) => request('PATCH', PATHS.line(id), { body });
export const deleteLine = (id) => request('DELETE', PATHS.line(id));
export const copyLines = (orderId, fromOrderId) => request('POST', PATHS.copyBom(orderId), { body: { from_order_id: fromOrderId } });
/** Uploads a BOM .xlsx (multipart `file`): resolves {status, data} like the orders import. */
export const importBom = (orderId, file, onProgress) => uploadFile(PATHS.importBom(orderId), file, onProgress);
export const downloadTemplate = () => download(PATHS.template, 'materials-template.xlsx');

// Material suppliers (H1) and their scorecard (H3).
export const listSuppliers = (params = {}) => get(PATHS.suppliers + qs(params));
export const createSupplier = (body) => request('POST', PATHS.suppliers, { body });
export const editSupplier = (id, body) => request('PATCH', PATHS.supplier(id), { body });
export const loadScorecard = (id, { from = '', to = '' } = {}) => get(PATHS.scorecard(id) + qs({ from, to }));

// Material POs (H2).
/** filters: status, order_id, due (overdue|24h), sourced_by, cursor, limit. */
export const listPOs = (filters = {}) => get(PATHS.pos + qs(filters));
export const loadPO = (id) => get(PATHS.po(id));
export const createPO = (orderId, body) => request('POST', PATHS.orderPOs(orderId), { body });
export const editPO = (id, body) => request('PATCH', PATHS.po(id), { body });
/** action: send | confirm | reschedule | ship | cancel; body as BODY[action] ({} for send). */
export const poAction = (id, action, body = {}) => request('POST', PATHS.poAction(id, action), { body });
export const addReceipt = (id, body) => request('POST', PATHS.poReceipts(id), { body });

// Inspections (H3): staff read them and resolve failed ones.
export const loadInspection = (id) => get(PATHS.inspection(id));
export const resolveInspection = (id, body) => request('POST', PATHS.resolve(id), { body });
