// After-sales answers as the contract describes them (parts A–C), for the
// tests: a staff complaint with its resolutions and CAPA, a CAPA, a
// resolution per path, the finance answer and receivables.
export const complaint = {
  id: 14, order_id: 12, supplier_id: 3, order: { id: 12, po_number: 'NW-24035', style_no: 'W-2231' }, supplier: { id: 3, name: '金陵制衣' },
  delivery_id: 5, received_date: '2026-11-28', channel: 'email', description: '袖口开线', lines: [{ colour: '藏青', size: 'M', quantity: 40 }],
  affected_qty: 120, severity: 'major', customer_request: 'repair', customer_contact: 'buyer@northwind.example', status: 'investigating',
  factory_answer: '车缝线张力不足，已调整。', answered_at: '2026-11-29T08:00:00Z', age_days: 5, shipped_quantity: 1200,
  photos: [{ id: 31, url: '' }],
  resolutions: [
    { id: 8, kind: 'rework', status: 'open', quantity: 100, cost_bearer: 'factory', discount_amount: '', discount_pct: '', chargeback_amount: '', actions: ['progress', 'reinspect', 'cancel', 'complete'] },
    { id: 9, kind: 'discount', status: 'done', quantity: 20, cost_bearer: 'shared', discount_amount: '500.00', discount_pct: '', chargeback_amount: '250.00', actions: [] },
  ],
  capa: { id: 5, status: 'done' },
  actions: ['resolve', 'agree'],
};

export const capa = {
  id: 5, order_id: 12, supplier_id: 3, source_kind: 'complaint', source_id: 14, problem: '袖口开线', containment: '在库 300 件全检',
  root_cause: '车缝线张力不足', cause_category: 'machine', corrective_action: '调整并每日点检', preventive_action: '新增首件检验', owner: '王师傅',
  due_date: '2026-12-10', status: 'done', photos: [], verify_note: '', actions: ['verify', 'reopen'],
};

export const resolutions = {
  concession: { id: 1, kind: 'concession', status: 'open', quantity: 10, cost_bearer: 'buyer', actions: ['complete', 'cancel'] },
  rework: { id: 2, kind: 'rework', status: 'open', quantity: 100, reworked_qty: 60, inspection_id: null, delivery_id: null, cost_bearer: 'factory', actions: ['progress', 'reinspect', 'cancel'] },
  reproduction: { id: 3, kind: 'reproduction', status: 'open', quantity: 50, replacement_order_id: 40, replacement_order: { id: 40, po_number: 'NW-24035-R1', status: 'confirmed' }, cost_bearer: 'factory', actions: ['cancel'] },
  discount: { id: 4, kind: 'discount', status: 'open', quantity: 20, cost_bearer: 'shared', discount_amount: '500.00', discount_pct: '', chargeback_amount: '250.00', chargeback_acknowledged_at: null, actions: ['complete', 'cancel'] },
  return: { id: 6, kind: 'return', status: 'open', quantity: 30, then_kind: 'rework', return_shipped_date: '2026-12-01', return_received_date: '', cost_bearer: 'factory', actions: ['progress', 'cancel'] },
};

export const finance = {
  invoice: { id: 2, number: 'INV-2026-118', invoice_date: '2026-11-20', amount: '12345.60', currency: 'USD', due_date: '2026-12-20' },
  payments: [{ id: 1, paid_date: '2026-11-30', amount: '5000.00', reference: 'TT 8812' }],
  paid: '5000.00', balance: '7345.60', overdue: false, days_overdue: 0,
};

export const receivables = [
  { order: { id: 12, po_number: 'NW-24035' }, invoice: { number: 'INV-1', due_date: '2026-12-20', amount: '100.00', currency: 'USD' }, balance: '80.00', overdue: false, days_overdue: 0 },
  { order: { id: 13, po_number: 'NW-24036' }, invoice: { number: 'INV-2', due_date: '2026-11-20', amount: '900.00', currency: 'USD' }, balance: '900.00', overdue: true, days_overdue: 13 },
  { order: { id: 14, po_number: 'NW-24037' }, invoice: { number: 'INV-3', due_date: '2026-11-01', amount: '50.00', currency: 'EUR' }, balance: '50.00', overdue: true, days_overdue: 32 },
];
