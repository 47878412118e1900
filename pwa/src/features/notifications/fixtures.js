// Notifications as the API sends them, one per kind of the contract
// (docs: /api/v1/notifications), for the tests.
export const CONTRACT_KINDS = {
  sample_submitted: { sample_type: 'pp', round: 2, sample_id: 7 },
  sample_decided: { sample_type: 'fit', round: 1, sample_id: 8, status: 'rejected' },
  inspection_booked: { inspection_id: 3, type: 'fri', date: '2026-12-10' },
  inspection_confirmed: { inspection_id: 3, type: 'fri', date: '2026-12-10' },
  inspection_assigned: { inspection_id: 3, type: 'dupro', date: '2026-12-10' },
  inspection_result: { inspection_id: 3, type: 'fri', result: 'fail' },
  delivery_booked: { delivery_id: 5, date: '2026-12-20', quantity: 1200 },
  delivery_confirmed: { delivery_id: 5, date: '2026-12-20' },
  delivery_rescheduled: { delivery_id: 5, date: '2026-12-22', from: '2026-12-20', to: '2026-12-22' },
  delivery_rejected: { delivery_id: 5, date: '2026-12-20', reason: '仓库满' },
  delivery_shipped: { delivery_id: 5, date: '2026-12-20', quantity: 1200 },
  comment_added: { comment_id: 9, excerpt: '面料已到厂，明天开裁' },
  chase_logged: { chase_id: 4, channel: 'called', promised_date: '2026-12-15' },
  order_revised: { revision: 3 },
  order_cancelled: { reason: '客户取消' },
  risk_worse: { from: 'on_track', to: 'late' },
  step_overdue: { milestone_id: 11, step: '裁剪', step_en: 'Cutting', days: 3 },
  risk_digest: { late: 2, at_risk: 5, orders: 'NW-24035, YY-2311' },
  escalated: { step: 1, hours: 48, trigger: 'chase', since: '2026-12-01T09:00:00Z' },
  material_eta_changed: { po_id: 6, po_number: 'MNW-24035-1', field: 'eta', from: '2026-12-05', to: '2026-12-08', reason_code: 'supplier_capacity' },
  material_shipped: { po_id: 6, po_number: 'MNW-24035-1', eta: '2026-12-08' },
  material_inspection_failed: { po_id: 6, po_number: 'MNW-24035-1', item: '全棉府绸', inspection_id: 2 },
  material_not_ready: { items: '全棉府绸, 纽扣', step: '裁剪', step_en: 'Cutting' },
  material_po_due: { po_id: 6, po_number: 'MNW-24035-1', promised_date: '2026-12-04' },
  complaint_received: { complaint_id: 14, severity: 'major', affected_qty: 120 },
  complaint_answered: { complaint_id: 14 },
  capa_changed: { capa_id: 5, status: 'done' },
  resolution_added: { complaint_id: 14, resolution_id: 8, kind: 'rework', quantity: 120 },
  chargeback_acknowledged: { resolution_id: 9, amount: '1250.00' },
  progress_reported: { report_id: 21, milestone_id: 11, step: '车缝', step_en: 'Sewing', date: '2026-12-02', quantity: 1200, quantity_kind: 'sewn', done: false },
};

export function note(kind, data = CONTRACT_KINDS[kind], extra = {}) {
  return {
    id: 41,
    kind,
    created_at: '2026-12-03T10:00:00Z',
    read_at: null,
    order: { id: 12, po_number: 'NW-24035', style_no: 'W-2231' },
    actor: { id: 3, name: '陈建华' },
    data,
    path: '/orders/12',
    ...extra,
  };
}
