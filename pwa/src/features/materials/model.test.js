// The material screens' pure logic against contract-shaped fixtures.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import {
  statusColour, statusTag, blockingList, readinessSummary, groupLines, lineFigures, poSelection,
  lineForm, lineBody, checkLine, poForm, poBody, checkPO, poFieldNames, supplierForm, supplierBody, checkSupplier,
  actionBody, checkAction, fieldErrors, importProblems, poQuery, poHistory, poLineBalance, scoreRows,
  decSub, decCmp, decRemainder, normDecimal, fmtDec, scoreValue,
} from './model.js';
import { BODY, PATHS } from './api.js';
import { materialsView, materialsViewH1, poDetail, poRefusal, scorecard } from './fixtures.js';

describe('status colours', () => {
  it.each([
    ['ready', 'green'], ['inspecting', 'amber'], ['ordered', 'amber'], ['short', 'red'], ['failed', 'red'], ['late', 'red'], ['', 'grey'], ['whatever', 'grey'],
  ])('%s is %s', (s, c) => expect(statusColour(s)).toBe(c));
  it('maps to Vant tag types', () => {
    expect([statusTag('ready'), statusTag('ordered'), statusTag('late'), statusTag('')]).toEqual(['success', 'warning', 'danger', 'default']);
  });
});

describe('what blocks cutting', () => {
  it('takes the server list, worst first (failed before short)', () => {
    expect(blockingList(materialsView)).toEqual([
      { line_id: 11, name: '里布 210T', status: 'failed' },
      { line_id: 12, name: '纽扣 18L', status: 'short' },
    ]);
  });
  it('works it out from the lines when readiness has no list', () => {
    const v = { ...materialsView, readiness: { status: 'blocked' } };
    expect(blockingList(v).map((b) => b.line_id)).toEqual([11, 12]);
  });
  it('is empty before readiness exists (H1 alone)', () => {
    expect(blockingList(materialsViewH1)).toEqual([]);
  });
  it('summarises the order', () => {
    expect(readinessSummary(materialsView)).toEqual({ status: 'blocked', total: 4, ready: 1 });
    expect(readinessSummary({ lines: [] })).toEqual({ status: 'none', total: 0, ready: 0 });
    expect(readinessSummary({ lines: [{ readiness: { status: 'ready' } }] })).toEqual({ status: 'ready', total: 1, ready: 1 });
    expect(readinessSummary({ lines: [{ readiness: { status: 'ready' } }, { readiness: { status: 'late' } }] }).status).toBe('blocked');
    expect(readinessSummary(materialsViewH1).status).toBe('pending');
  });
});

describe('grouping', () => {
  it('groups by category in the contract order, lines by position, with colour counts', () => {
    const g = groupLines(materialsView.lines);
    expect(g.map((x) => x.category)).toEqual(['fabric', 'lining', 'trim']);
    expect(g[2].lines.map((l) => l.id)).toEqual([12, 13]);
    expect(g[2].counts).toEqual({ green: 0, amber: 1, red: 1, grey: 0 });
    expect(g[0].counts.green).toBe(1);
  });
  it('puts an unknown category last', () => {
    expect(groupLines([{ id: 1, category: 'zzz' }, { id: 2, category: 'packaging' }]).map((x) => x.category)).toEqual(['packaging', 'zzz']);
  });
  it('reads the figures (needed, previous, ordered, …) as strings', () => {
    expect(lineFigures(materialsView.lines[1])).toEqual({ needed: '1250.50', previous: '1100.00', ordered: '1300.00', received: '1300.00', passed: '1300.00', short: '0.00', eta: '2026-12-10' });
    expect(lineFigures(materialsViewH1.lines[0]).ordered).toBe('');
  });
});

describe('decimals', () => {
  it('subtracts and compares exactly', () => {
    expect(decSub('6120.00', '3000.00')).toBe('3120.00');
    expect(decSub('0.1', '0.3')).toBe('-0.20');
    expect(decSub('1.3500', '0.01')).toBe('1.3400');
    expect(decCmp('10', '9.99')).toBe(1);
    expect(decCmp('1.50', '1.5')).toBe(0);
    expect(decRemainder('836.40', '840.00')).toBe('0.00');
  });
  it('normalises input with at most n decimals', () => {
    expect(normDecimal(' 1.35 ', 4)).toBe('1.35');
    expect(normDecimal('1.23456', 4)).toBeNull();
    expect(normDecimal('1,5', 2)).toBeNull();
    expect(normDecimal('', 2)).toBeNull();
  });
  it('formats for reading, keeping the decimals', () => {
    expect(fmtDec('1250.50', 'en')).toBe('1,250.50');
    expect(fmtDec('', 'en')).toBe('');
  });
});

describe('line form → body', () => {
  it('sends every key of a new line, leaving out an empty needed-by', () => {
    const f = { ...lineForm(), name: ' 罗纹 ', unit: 'kg', consumption: '0.0520', wastage_pct: '5' };
    const b = lineBody(f);
    expect(Object.keys(b).sort()).toEqual(BODY.line.filter((k) => k !== 'needed_by').sort());
    expect(b).toMatchObject({ name: '罗纹', consumption: '0.0520', wastage_pct: '5', sourced_by: 'factory', nominated_supplier_id: null });
    expect(typeof b.consumption).toBe('string');
  });
  it('sends only what changed on an edit (an automatic needed-by stays automatic)', () => {
    const line = materialsView.lines[1];
    const f = lineForm(line);
    expect(lineBody(f, line)).toEqual({});
    f.wastage_pct = '4.00';
    expect(lineBody(f, line)).toEqual({ wastage_pct: '4.00' });
  });
  it('sends the nominated supplier as a number, only with sourced_by nominated', () => {
    const f = { ...lineForm(), name: 'x', unit: 'm', consumption: '1', sourced_by: 'nominated', nominated_supplier_id: '5' };
    expect(lineBody(f).nominated_supplier_id).toBe(5);
    expect(lineBody({ ...f, sourced_by: 'buyer' }).nominated_supplier_id).toBeNull();
    const nominated = materialsView.lines[0];
    expect(lineBody({ ...lineForm(nominated), sourced_by: 'buyer' }, nominated)).toEqual({ sourced_by: 'buyer', nominated_supplier_id: null });
  });
  it('checks the form before sending', () => {
    expect(checkLine(lineForm())).toEqual({ name: 'required', unit: 'required', consumption: 'consumption' });
    expect(checkLine({ ...lineForm(), name: 'a', unit: 'm', consumption: '1.23456', wastage_pct: '-1' })).toEqual({ consumption: 'consumption', wastage_pct: 'wastage' });
    expect(checkLine({ ...lineForm(), name: 'a', unit: 'm', consumption: '1', sourced_by: 'nominated' })).toEqual({ nominated_supplier_id: 'required' });
  });
});

describe('PO from selected lines', () => {
  const [buttons, , lining, label] = materialsView.lines;
  it('takes one side and one nominated supplier', () => {
    expect(poSelection([buttons])).toEqual({ ok: true, sourced_by: 'nominated', material_supplier_id: 5 });
    expect(poSelection([lining, label])).toEqual({ ok: true, sourced_by: 'buyer', material_supplier_id: null });
    expect(poSelection([])).toMatchObject({ ok: false, problem: 'pickLines' });
    expect(poSelection([materialsView.lines[1]])).toMatchObject({ ok: false, problem: 'factoryLines' });
    expect(poSelection([buttons, label])).toMatchObject({ ok: false, problem: 'mixedSides' });
    expect(poSelection([buttons, { ...buttons, id: 99, nominated_supplier: { id: 6, code: 'X', name: 'X' } }])).toMatchObject({ ok: false, problem: 'mixedSuppliers' });
  });
  it('proposes what is left to order, and builds the body with the contract keys', () => {
    const f = poForm([buttons], { today: '2026-12-03' });
    expect(f.lines).toEqual([{ line_id: 12, name: '纽扣 18L', unit: 'pcs', quantity: '3120.00', unit_price: '' }]);
    f.promised_date = '2026-12-10';
    f.lines[0].unit_price = '0.12';
    const b = poBody(f);
    expect(Object.keys(b).sort()).toEqual([...BODY.po].sort());
    expect(b).toMatchObject({ material_supplier_id: 5, sourced_by: 'nominated', ordered_date: '2026-12-03', promised_date: '2026-12-10' });
    expect(b.lines).toEqual([{ line_id: 12, quantity: '3120.00', unit_price: '0.12' }]);
    expect(Object.keys(b.lines[0]).sort()).toEqual([...BODY.poLine].sort());
  });
  it('proposes the whole need before readiness exists', () => {
    expect(poForm([materialsViewH1.lines[3]]).lines[0].quantity).toBe('1010.00');
  });
  it('checks quantities, prices and dates', () => {
    const f = poForm([lining, label], { today: '2026-12-03' });
    f.lines[0].quantity = '0';
    expect(f.lines[1].quantity).toBe('0.00'); // all ordered already
    f.lines[1].quantity = '5';
    f.lines[1].unit_price = 'abc';
    f.promised_date = '2026-12-01';
    expect(checkPO(f)).toEqual({ material_supplier_id: 'required', 'lines[0].quantity': 'quantity', 'lines[1].unit_price': 'price', promised_date: 'beforeOrdered' });
  });
});

describe('server field errors → fields', () => {
  const text = (fe) => fe.code;
  it('puts each on its field, a nested one the form lacks on its parent', () => {
    const form = poForm([materialsView.lines[2], materialsView.lines[3]]);
    const names = poFieldNames(form).filter((n) => !n.endsWith('line_id'));
    const { fields, rest } = fieldErrors(poRefusal, names, text);
    expect(fields).toEqual({ 'lines[1].quantity': 'must_be_positive', lines: 'not_found', promised_date: 'date_too_early', currency: 'invalid_choice' });
    expect(rest).toEqual([]);
  });
  it('keeps the fields the form does not show for the form line', () => {
    const { fields, rest } = fieldErrors({ fields: { code: { code: 'required' }, x: { code: 'too_long' } } }, ['code'], text);
    expect(fields).toEqual({ code: 'required' });
    expect(rest).toEqual(['too_long']);
  });
  it('reads an import refusal in either shape, by row', () => {
    expect(importProblems({ rows: [{ row: 4, column: '单耗', code: 'invalid_number' }], fields: { 'rows[2].unit': { code: 'required' } } })).toEqual([
      { row: 2, field: 'unit', code: 'required', params: {} },
      { row: 4, field: '单耗', code: 'invalid_number', params: {} },
    ]);
  });
});

describe('suppliers', () => {
  it('new: all keys; edit: the changed ones', () => {
    const f = { ...supplierForm(), code: ' YKK ', name: 'YKK 上海' };
    expect(Object.keys(supplierBody(f)).sort()).toEqual([...BODY.supplier].sort());
    expect(supplierBody(f).code).toBe('YKK');
    const s = { id: 5, code: 'YKK', name: 'YKK 上海', active: true };
    expect(supplierBody({ ...supplierForm(s), active: false }, s)).toEqual({ active: false });
  });
  it('checks code, name and e-mail', () => {
    expect(checkSupplier(supplierForm())).toEqual({ code: 'required', name: 'required' });
    expect(checkSupplier({ ...supplierForm(), code: 'a', name: 'b', contact_email: 'nope' })).toEqual({ contact_email: 'email' });
  });
});

describe('PO actions, list and detail', () => {
  it('sends only the action keys', () => {
    expect(actionBody('reschedule', { field: 'eta', date: '2026-12-09', reason_code: 'communication', note: ' x ', extra: 1 })).toEqual({ field: 'eta', date: '2026-12-09', reason_code: 'communication', note: 'x' });
    expect(actionBody('send', {})).toEqual({});
    expect(checkAction('reschedule', { date: '2026-12-09' })).toEqual({ reason_code: 'reason' });
    expect(checkAction('cancel', { reason: ' ' })).toEqual({ reason: 'required' });
  });
  it('builds the list query from the filters', () => {
    expect(poQuery({ due: 'overdue', status: '', sourced_by: 'buyer', other: 'x' })).toEqual({ due: 'overdue', sourced_by: 'buyer', limit: '50' });
    expect(poQuery({ due: '24h' }, { cursor: 'abc', limit: 20 })).toEqual({ due: '24h', cursor: 'abc', limit: '20' });
  });
  it('orders the date history oldest first', () => {
    expect(poHistory(poDetail).map((c) => c.id)).toEqual([1, 2]);
    expect(poHistory(poDetail)[1]).toEqual({ id: 2, field: 'eta', from: '2026-12-06', to: '2026-12-08', reason_code: 'supplier_capacity', note: '', at: '2026-12-02T08:00:00Z' });
    expect(poHistory({ changes: [{ id: 9, field: 'eta', from_date: 'a', to_date: 'b', created_at: 'x' }] })[0]).toMatchObject({ from: 'a', to: 'b', at: 'x' });
  });
  it('shows short and over per line', () => {
    expect(poLineBalance(poDetail.lines[0])).toEqual({ kind: 'short', qty: '500.00' });
    expect(poLineBalance(poDetail.lines[1])).toEqual({ kind: 'over', qty: '10.00' });
    expect(poLineBalance({ quantity: '5.00', received_qty: '0.00', short: '5.00', over: '0.00' }).kind).toBe(''); // nothing received yet
    expect(poLineBalance({ quantity: '5.00', received_qty: '5.00', short: '0.00', over: '0.00' }).kind).toBe('even');
  });
  it('the paths follow the contract', () => {
    expect(PATHS.orderMaterials(7)).toBe('/api/v1/orders/7/materials');
    expect(PATHS.poAction(31, 'reschedule')).toBe('/api/v1/material-pos/31/reschedule');
    expect(PATHS.orderPOs(7)).toBe('/api/v1/orders/7/material-pos');
  });
});

describe('scorecard', () => {
  it('reads the server answer: five rights, percentages, no data as —', () => {
    const rows = scoreRows(scorecard);
    expect(rows.map((r) => r.right)).toEqual(['on_time', 'quality', 'place', 'quantity', 'price']);
    expect(rows[0].figures).toContainEqual(['on_baseline_pct', 70]);
    expect(scoreValue('on_baseline_pct', 70, 'en')).toBe('70 %');
    expect(scoreValue('variance_pct', null, 'en')).toBe('—');
    expect(scoreValue('shipped', 1200, 'en')).toBe('1,200');
  });
  it('lists the five rights in order, flat figures only', () => {
    const rows = scoreRows({ price: { variance_pct: 2.5 }, on_time: { share: 0.8, count: 10, by: { x: 1 } }, supplier_id: 5 });
    expect(rows).toEqual([{ right: 'on_time', figures: [['share', 0.8], ['count', 10]] }, { right: 'price', figures: [['variance_pct', 2.5]] }]);
  });
});
