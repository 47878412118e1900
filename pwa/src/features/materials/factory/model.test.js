// Form → body of every factory material write (decimal strings, dates,
// what is left out), the reason codes in words, the lines a PO may buy.
import { describe, it, expect } from 'vitest';
import { i18n } from '../../../i18n/index.js';
import './factoryMessages.js';
import {
  changeView, quantity, minus, orderable, poBody, confirmBody, rescheduleBody, shipBody, receiptBody, fabricBody, trimBody,
  reasonText, REASONS, REASON_GROUPS, firstOpenLine, uninspectedReceipts, lineTone, readinessTone,
} from './model.js';
import { writes, poRef, withReadiness } from './factoryApi.js';

const g = i18n.global;
const words = (locale) => [(k, p) => g.t(k, p || {}, { locale }), (k) => g.te(k, locale)];

describe('quantities', () => {
  it('are decimal strings with 2 decimals', () => {
    expect(quantity('12')).toBe('12.00');
    expect(quantity(' 12.5 ')).toBe('12.50');
    expect(quantity('12,5')).toBe('12.50');
    expect(quantity('1250.50')).toBe('1250.50');
    expect(quantity('0.01')).toBe('0.01');
    for (const bad of ['', 'abc', '1.234', '-3', '1e3', null]) expect(quantity(bad)).toBe(null);
  });
  it('subtract without going below zero', () => {
    expect(minus('100.00', '30.25')).toBe('69.75');
    expect(minus('10', '12')).toBe('0.00');
    expect(minus('10', '12', false)).toBe('-2.00');
  });
});

describe('a new PO', () => {
  const lines = [
    { id: 1, sourced_by: 'factory', required_qty: '1236.00', readiness: { ordered: '1000.00' } },
    { id: 2, sourced_by: 'buyer', required_qty: '500.00' },
    { id: 3, sourced_by: 'factory', required_qty: '80.00', readiness: { ordered: '80.00' } },
    { id: 4, sourced_by: 'factory', required_qty: '12.50' },
  ];
  it('buys only the factory’s lines not yet ordered in full, what is left of each', () => {
    expect(orderable(lines).map((l) => [l.id, l.open_qty])).toEqual([[1, '236.00'], [4, '12.50']]);
  });
  it('becomes the API body', () => {
    const { body, errors } = poBody({
      material_supplier_id: '7', ordered_date: '2026-12-03', promised_date: '2026-12-10', eta: '2026-12-14', deliver_to: ' 一号仓 ', note: '',
      picked: { 1: { on: true, quantity: '236', unit_price: '18.5' }, 4: { on: false, quantity: '12.5' } },
    });
    expect(errors).toEqual({});
    expect(body).toEqual({
      material_supplier_id: 7, sourced_by: 'factory', currency: 'CNY', ordered_date: '2026-12-03', promised_date: '2026-12-10', eta: '2026-12-14',
      deliver_to: '一号仓', note: '', lines: [{ line_id: 1, quantity: '236.00', unit_price: '18.5' }],
    });
  });
  it('says what is missing', () => {
    expect(Object.keys(poBody({ picked: {} }).errors).sort()).toEqual(['lines', 'material_supplier_id', 'promised_date']);
    expect(poBody({ material_supplier_id: 1, promised_date: '2026-12-10', picked: { 1: { on: true, quantity: 'x', unit_price: 'abc' } } }).errors)
      .toEqual({ 'lines.1.quantity': 'quantity', 'lines.1.unit_price': 'price' });
  });
});

describe('date writes', () => {
  it('confirm: promised ship date and ETA', () => {
    expect(confirmBody({ promised_date: '2026-12-10', eta: '2026-12-14' })).toEqual({ body: { promised_date: '2026-12-10', eta: '2026-12-14' }, errors: {} });
    expect(confirmBody({ promised_date: '2026-12-10', eta: '' }).body.eta).toBe('');
    expect(confirmBody({ promised_date: '', eta: '' }).errors).toEqual({ promised_date: 'date' });
    expect(confirmBody({ promised_date: '2026-12-10', eta: '2026-12-09' }).errors).toEqual({ eta: 'beforePromised' });
  });
  it('reschedule: one field, a date and a reason code', () => {
    expect(rescheduleBody({ field: 'eta', date: '2026-12-20', reason_code: 'supplier_capacity', note: ' 染厂排期 ' }))
      .toEqual({ body: { field: 'eta', date: '2026-12-20', reason_code: 'supplier_capacity', note: '染厂排期' }, errors: {} });
    expect(rescheduleBody({ field: 'x', date: '', reason_code: 'weather' }).errors).toEqual({ field: 'field', date: 'date', reason_code: 'reason' });
  });
  it('ship: date, carrier, tracking and ETA', () => {
    expect(shipBody({ shipped_date: '2026-12-11', carrier: ' 顺丰 ', tracking: 'SF1', eta: '2026-12-13' }))
      .toEqual({ body: { shipped_date: '2026-12-11', carrier: '顺丰', tracking: 'SF1', eta: '2026-12-13' }, errors: {} });
    expect(shipBody({ shipped_date: '2026-12-11', eta: '2026-12-10' }).errors).toEqual({ eta: 'beforeShipped' });
  });
});

describe('goods in', () => {
  it('becomes the receipt body, photos left to the outbox', () => {
    expect(receiptBody({ po_line_id: '5', received_date: '2026-12-12', quantity: '1236', warehouse: ' 面料仓 ', location: 'A-3', handling: 'accepted', note: '' })).toEqual({
      body: { po_line_id: 5, received_date: '2026-12-12', quantity: '1236.00', warehouse: '面料仓', location: 'A-3', handling: 'accepted', note: '', photo_ids: [] },
      errors: {},
    });
  });
  it('says what is wrong', () => {
    expect(receiptBody({ po_line_id: 0, received_date: 'x', quantity: '0', handling: 'lost' }).errors)
      .toEqual({ po_line_id: 'line', received_date: 'date', quantity: 'quantity', handling: 'handling' });
  });
});

describe('inspections', () => {
  it('fabric: rolls with decimal yards and widths, defects with their yard', () => {
    const { body, errors } = fabricBody({
      po_line_id: 5, receipt_id: 9, inspected_date: '2026-12-12', reason: '',
      rolls: [{ roll_no: ' R1 ', yards: '120', width_in: '57.5', defects: [{ yard: '3', length_in: '6', hole: false }, { yard: 4, length_in: '1', hole: true }], shade_ok: true, width_ok: false, weight_ok: true, note: '', yard: 4 }],
    });
    expect(errors).toEqual({});
    expect(body).toEqual({
      po_line_id: 5, receipt_id: 9, kind: 'fabric', inspected_date: '2026-12-12', photo_ids: [], reason: '',
      rolls: [{ roll_no: 'R1', yards: '120.00', width_in: '57.50', defects: [{ yard: 3, length_in: '6', hole: false }, { yard: 4, length_in: '1', hole: true }], shade_ok: true, width_ok: false, weight_ok: true, note: '' }],
    });
  });
  it('fabric: names the roll fields that are missing', () => {
    expect(fabricBody({ po_line_id: 5, inspected_date: '2026-12-12', rolls: [{ roll_no: '', yards: '', width_in: '0', defects: [] }] }).errors)
      .toEqual({ 'rolls[0].yards': 'yards', 'rolls[0].width_in': 'width', 'rolls[0].roll_no': 'rollNo' });
    expect(fabricBody({ po_line_id: 5, inspected_date: '2026-12-12', rolls: [] }).errors).toEqual({ rolls: 'rolls' });
    expect('receipt_id' in fabricBody({ po_line_id: 5, inspected_date: '2026-12-12', rolls: [] }).body).toBe(false);
  });
  it('trims: lot, level, AQL and defective units', () => {
    expect(trimBody({ po_line_id: 6, receipt_id: 2, inspected_date: '2026-12-12', lot_size: '5000', level: 'II', aql: '2.5', defects: '3', reason: '' }).body)
      .toEqual({ po_line_id: 6, receipt_id: 2, kind: 'trim', inspected_date: '2026-12-12', lot_size: 5000, level: 'II', aql: '2.5', defects: 3, photo_ids: [], reason: '' });
    expect(trimBody({ po_line_id: 6, inspected_date: '2026-12-12', lot_size: '1', level: 'IV', aql: '3', defects: '-1' }).errors)
      .toEqual({ lot_size: 'lot', defects: 'defects', level: 'level', aql: 'aql' });
  });
});

describe('reason codes in words', () => {
  it('every code of the three causes reads in both languages', () => {
    expect(REASON_GROUPS.map((x) => x.cause)).toEqual(['supplier', 'ours', 'communication']);
    expect(REASONS).toEqual(['supplier_capacity', 'supplier_technology', 'supplier_quality', 'our_specification', 'our_price', 'our_follow_up', 'communication']);
    expect(reasonText('supplier_capacity', ...words('zh-CN'))).toBe('供应商原因 · 产能不足');
    expect(reasonText('our_follow_up', ...words('zh-CN'))).toBe('我方原因 · 跟进不及时');
    expect(reasonText('communication', ...words('en'))).toBe('Communication · misunderstanding');
    expect(reasonText('supplier_quality', ...words('en'))).toBe('The supplier · quality');
    for (const c of REASONS) for (const l of ['zh-CN', 'en']) expect(reasonText(c, ...words(l))).not.toMatch(/_/);
  });
  it('an unknown code is "other reason", never the code', () => {
    expect(reasonText('weather', ...words('zh-CN'))).toBe('其他原因');
    expect(reasonText('', ...words('en'))).toBe('other reason');
  });
});

describe('what the screens pick and colour', () => {
  const po = {
    lines: [{ id: 1, quantity: '100.00', received_qty: '100.00' }, { id: 2, quantity: '50.00', received_qty: '20.00' }],
    receipts: [{ id: 7, po_line_id: 2 }, { id: 8, po_line_id: 2 }, { id: 9, po_line_id: 1 }],
    inspections: [{ id: 1, receipt_id: 7 }],
  };
  it('starts goods in on the first line not fully received', () => {
    expect(firstOpenLine(po).id).toBe(2);
    expect(firstOpenLine({ lines: [{ id: 1, quantity: '1', received_qty: '1' }] }).id).toBe(1);
    expect(firstOpenLine({})).toBe(null);
  });
  it('inspects the newest receipt not yet inspected', () => {
    expect(uninspectedReceipts(po, 2).map((r) => r.id)).toEqual([8]);
    expect(uninspectedReceipts(po, 1).map((r) => r.id)).toEqual([9]);
  });
  it('colours ready green, waiting amber, problems red', () => {
    expect(['ready', 'inspecting', 'ordered', 'short', 'failed', 'late'].map(lineTone)).toEqual(['good', 'wait', 'wait', 'bad', 'bad', 'bad']);
    expect(['ready', 'pending', 'blocked', 'none'].map(readinessTone)).toEqual(['good', 'wait', 'bad', 'none']);
  });
});

describe('the writes', () => {
  const po = { id: 6, order_id: 3, po_number: 'MNW-24017-1' };
  it('go to the contract’s URLs with refs for the outbox', () => {
    expect(writes.createPO(3, { a: 1 }, 'L')).toEqual({ label: 'L', method: 'POST', url: '/api/v1/orders/3/material-pos', body: { a: 1 }, ref: poRef(3, null, 'create'), photos: [] });
    expect(writes.send(po, 'L').url).toBe('/api/v1/material-pos/6/send');
    expect(writes.confirm(po, {}, 'L').url).toBe('/api/v1/material-pos/6/confirm');
    expect(writes.reschedule(po, {}, 'L').url).toBe('/api/v1/material-pos/6/reschedule');
    expect(writes.ship(po, {}, 'L').url).toBe('/api/v1/material-pos/6/ship');
    const blob = new Blob(['x'], { type: 'image/jpeg' });
    expect(writes.receive(po, {}, [blob], 'L')).toMatchObject({ url: '/api/v1/material-pos/6/receipts', photos: [blob], ref: { kind: 'material_po', orderId: 3, poId: 6, action: 'receive' } });
    expect(writes.inspect(po, {}, [], 'L').url).toBe('/api/v1/material-pos/6/inspections');
    expect(writes.resolve(po, 11, {}, 'L').url).toBe('/api/v1/material-inspections/11/resolve');
  });
});

describe('a date change', () => {
  it('reads the API\'s from/to/by/at', () => {
    expect(changeView({ id: 1, field: 'eta', from: '2026-12-05', to: '2026-12-08', reason_code: 'supplier_capacity', note: 'n', by: { id: 3, name: '陈' }, at: '2026-12-03T10:00:00Z' }))
      .toEqual({ id: 1, field: 'eta', from: '2026-12-05', to: '2026-12-08', reason_code: 'supplier_capacity', note: 'n', by: '陈', at: '2026-12-03T10:00:00Z' });
    expect(changeView({ field: 'promised_date', from_date: '', to_date: '2026-12-08', by: null })).toMatchObject({ from: '', to: '2026-12-08', by: '', at: '' });
  });
});

describe('readiness from GET /orders/:id/material-readiness', () => {
  it('goes into a materials answer that has none', () => {
    const mat = { order_id: 1, lines: [{ id: 4 }, { id: 5, readiness: { status: 'ready' } }] };
    withReadiness(mat, { order_id: 1, readiness: { status: 'pending', lines_total: 2, lines_ready: 1, blocking: [] }, lines: [{ line_id: 4, readiness: { status: 'short' } }, { line_id: 5, readiness: { status: 'ordered' } }] });
    expect(mat.readiness.status).toBe('pending');
    expect(mat.lines.map((l) => l.readiness.status)).toEqual(['short', 'ready']);
    expect(withReadiness({ lines: [] }, null)).toEqual({ lines: [] });
  });
});
