// Answers shaped as the contract (issue 17, parts H1–H3) describes them,
// for the unit tests (never imported by the app).

/** GET /api/v1/orders/:id/materials with H3's readiness. */
export const materialsView = {
  order_id: 7,
  sourcing: 'fob',
  actions: ['add', 'import', 'copy'],
  readiness: {
    status: 'blocked', lines_total: 4, lines_ready: 1,
    blocking: [
      { line_id: 12, name: '纽扣 18L', status: 'short' },
      { line_id: 11, name: '里布 210T', status: 'failed' },
    ],
  },
  lines: [
    {
      id: 12, order_id: 7, supplier_id: 3, position: 3, category: 'trim', name: '纽扣 18L', spec: '18L 四眼', colour: '', material_colour: 'Black',
      unit: 'pcs', consumption: '6.0000', wastage_pct: '2.00', required_qty: '6120.00', previous_required_qty: null,
      needed_by: '2026-12-20', needed_by_auto: true, sourced_by: 'nominated', nominated_supplier: { id: 5, code: 'YKK', name: 'YKK 上海' },
      note: '', actions: ['edit', 'delete'],
      readiness: { status: 'short', ordered: '3000.00', received: '0.00', passed: '0.00', short: '6120.00', eta: '2026-12-18' },
    },
    {
      id: 10, order_id: 7, supplier_id: 3, position: 1, category: 'fabric', name: '全棉斜纹 21×21', spec: '108×58 150cm', colour: 'Navy', material_colour: 'Navy',
      unit: 'm', consumption: '1.3500', wastage_pct: '3.00', required_qty: '1250.50', previous_required_qty: '1100.00',
      needed_by: '2026-12-18', needed_by_auto: true, sourced_by: 'factory', nominated_supplier: null,
      note: '', actions: ['edit', 'delete'],
      readiness: { status: 'ready', ordered: '1300.00', received: '1300.00', passed: '1300.00', short: '0.00', eta: '2026-12-10' },
    },
    {
      id: 11, order_id: 7, supplier_id: 3, position: 2, category: 'lining', name: '里布 210T', spec: '', colour: '', material_colour: 'White',
      unit: 'm', consumption: '0.8000', wastage_pct: '2.50', required_qty: '836.40', previous_required_qty: null,
      needed_by: '2026-12-18', needed_by_auto: false, sourced_by: 'buyer', nominated_supplier: null,
      note: '客供', actions: ['edit', 'delete'],
      readiness: { status: 'failed', ordered: '840.00', received: '840.00', passed: '0.00', short: '836.40', eta: '2026-12-08' },
    },
    {
      id: 13, order_id: 7, supplier_id: 3, position: 4, category: 'trim', name: '主唛', spec: '', colour: '', material_colour: '',
      unit: 'pcs', consumption: '1.0000', wastage_pct: '1.00', required_qty: '1010.00', previous_required_qty: null,
      needed_by: '2026-12-18', needed_by_auto: true, sourced_by: 'buyer', nominated_supplier: null,
      note: '', actions: ['edit', 'delete'],
      readiness: { status: 'ordered', ordered: '1010.00', received: '0.00', passed: '0.00', short: '1010.00', eta: null },
    },
  ],
};

/** The same answer before H3 adds readiness (H1 alone). */
export const materialsViewH1 = {
  order_id: 7, sourcing: 'cmt', actions: [],
  lines: materialsView.lines.map(({ readiness, ...l }) => l),
};

/** GET /api/v1/material-pos/:id for staff. */
export const poDetail = {
  id: 31, order_id: 7, po_number: 'MNW-24017-1', order_po_number: 'NW-24017', style_no: 'W-2231', supplier_id: 3, material_supplier_id: 5, material_supplier: { id: 5, code: 'YKK', name: 'YKK 上海', name_en: 'YKK Shanghai' },
  sourced_by: 'nominated', status: 'partially_received', currency: 'CNY', ordered_date: '2026-11-20', promised_date: '2026-12-05', baseline_date: '2026-12-01',
  eta: '2026-12-08', shipped_date: '2026-12-05', carrier: 'SF', tracking: 'SF123', deliver_to: '锦绫仓', note: '', cancel_reason: '',
  lines: [
    { id: 41, line_id: 12, name: '纽扣 18L', spec: '18L 四眼', colour: '', unit: 'pcs', quantity: '3000.00', unit_price: '0.12', received_qty: '2500.00', accepted_qty: '2500.00', short: '500.00', over: '0.00' },
    { id: 42, line_id: 13, name: '主唛', spec: '', colour: '', unit: 'pcs', quantity: '1010.00', unit_price: '', received_qty: '1020.00', accepted_qty: '1020.00' },
  ],
  changes: [
    { id: 2, field: 'eta', from: '2026-12-06', to: '2026-12-08', reason_code: 'supplier_capacity', note: '', by: { id: 4, name: '陈' }, at: '2026-12-02T08:00:00Z' },
    { id: 1, field: 'promised_date', from: '2026-12-01', to: '2026-12-05', reason_code: 'our_specification', note: '改色', by: { id: 2, name: '王丽' }, at: '2026-11-28T08:00:00Z' },
  ],
  receipts: [
    { id: 51, po_line_id: 41, received_date: '2026-12-07', quantity: '2500.00', warehouse: '锦绫仓', location: 'A-3', handling: 'accepted', note: '' },
  ],
  actions: ['reschedule', 'receive'],
};

/** A 422 of a PO create, as models/codes would send it. */
export const poRefusal = {
  status: 422, code: 'validation_failed', params: {},
  fields: {
    'lines[1].quantity': { code: 'must_be_positive', params: {} },
    'lines[0].line_id': { code: 'not_found', params: {} },
    promised_date: { code: 'date_too_early', params: { min: '2026-11-20' } },
    currency: { code: 'invalid_choice', params: { allowed: 'CNY, USD' } },
  },
  rows: [],
};

/** GET /api/v1/material-suppliers/:id/scorecard (H3). */
export const scorecard = {
  material_supplier: { id: 5, code: 'YKK', name: 'YKK 上海' }, from: '2026-09-01', to: '2026-12-03', pos: 12,
  on_time: { shipped: 10, on_baseline: 7, on_promise: 9, on_baseline_pct: 70, on_promise_pct: 90 },
  quality: { inspected: 8, first_passed: 6, pass_pct: 75 },
  place: { receipts: 9, right_place: 9, pct: 100 },
  quantity: { lines: 20, short: 2, over: 1, short_pct: 10, over_pct: 5 },
  price: { compared: 0, variance_pct: null },
};
