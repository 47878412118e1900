import { describe, it, expect } from 'vitest';
import { answerBody, capaBody, capaMissing, capaChanged, reworkBody, reinspectBody, redeliverBody, reworkStep, tasks, ageDays, overdue, statusTone, whole } from './model.js';

describe('answerBody', () => {
  it('trims and needs text', () => {
    expect(answerBody('  线头没剪  ')).toEqual({ body: { answer: '线头没剪' }, errors: {} });
    expect(answerBody('   ').errors).toEqual({ answer: 'required' });
    expect(answerBody('x'.repeat(4001)).errors).toEqual({ answer: 'long' });
  });
});

describe('capaBody', () => {
  it('sends every field trimmed', () => {
    const { body, errors } = capaBody({ root_cause: ' 剪线工漏剪 ', cause_category: 'man' });
    expect(errors).toEqual({});
    expect(body).toEqual({ containment: '', root_cause: '剪线工漏剪', cause_category: 'man', corrective_action: '', preventive_action: '', owner: '' });
  });
  it('refuses an unknown cause category', () => {
    expect(capaBody({ cause_category: 'luck' }).errors).toEqual({ cause_category: 'unknown' });
  });
  it('knows what completing needs', () => {
    expect(capaMissing({ root_cause: 'a', cause_category: '', corrective_action: ' ' })).toEqual(['cause_category', 'corrective_action']);
    expect(capaMissing({ root_cause: 'a', cause_category: 'man', corrective_action: 'b' })).toEqual([]);
    expect(capaMissing(null)).toEqual(['root_cause', 'cause_category', 'corrective_action']);
  });
  it('sees a change', () => {
    expect(capaChanged({ owner: '王' }, { owner: ' 王 ' })).toBe(false);
    expect(capaChanged({ owner: '王' }, { owner: '李' })).toBe(true);
  });
});

describe('rework', () => {
  it('checks the reworked quantity against the resolution', () => {
    expect(whole('12')).toBe(12);
    expect(whole('1.5')).toBeNaN();
    expect(reworkBody('30', { quantity: 30 })).toEqual({ body: { reworked_qty: 30 }, errors: {} });
    expect(reworkBody('31', { quantity: 30 }).errors).toEqual({ reworked_qty: 'over' });
    expect(reworkBody('0', { quantity: 30 }).errors).toEqual({ reworked_qty: 'quantity' });
    expect(reworkBody('abc', { quantity: 30 }).errors).toEqual({ reworked_qty: 'quantity' });
  });
  it('books with a date and a warehouse', () => {
    expect(reinspectBody({ date: '2026-12-05', address: ' 车间 ' })).toEqual({ body: { date: '2026-12-05', address: '车间' }, errors: {} });
    expect(reinspectBody({}).errors).toEqual({ date: 'date' });
    expect(redeliverBody({ warehouse_id: '3', date: '2026-12-06', cartons: '2' })).toEqual({ body: { warehouse_id: 3, date: '2026-12-06', cartons: 2 }, errors: {} });
    expect(redeliverBody({ date: 'x', cartons: 'a' }).errors).toEqual({ warehouse_id: 'warehouse', date: 'date', cartons: 'quantity' });
  });
  it('walks its steps', () => {
    const r = { kind: 'rework', status: 'open', quantity: 30 };
    expect(reworkStep(r)).toBe('rework');
    expect(reworkStep({ ...r, reworked_qty: 10 })).toBe('rework');
    expect(reworkStep({ ...r, reworked_qty: 30 })).toBe('reinspect');
    expect(reworkStep({ ...r, reworked_qty: 30, inspection_id: 4 })).toBe('inspecting');
    expect(reworkStep({ ...r, reworked_qty: 30, inspection: { id: 4, result: 'fail' } })).toBe('failed');
    expect(reworkStep({ ...r, reworked_qty: 30, inspection: { id: 4, result: 'pass' } })).toBe('redeliver');
    expect(reworkStep({ ...r, reworked_qty: 30, inspection_id: 4, delivery_id: 9 })).toBe('shipping');
    expect(reworkStep({ ...r, status: 'done' })).toBe('done');
    expect(reworkStep({ ...r, status: 'cancelled' })).toBe('cancelled');
  });
});

describe('lists', () => {
  it('keeps the factory to-dos', () => {
    const list = [
      { id: 1, kind: 'rework', status: 'open' },
      { id: 2, kind: 'rework', status: 'done' },
      { id: 3, kind: 'discount', status: 'open', chargeback_amount: '200.00' },
      { id: 4, kind: 'discount', status: 'open', chargeback_amount: '200.00', chargeback_acknowledged_at: '2026-12-01T00:00:00Z' },
      { id: 5, kind: 'concession', status: 'open' },
    ];
    expect(tasks(list).map((r) => r.id)).toEqual([1, 3]);
  });
  it('ages a complaint and sees an overdue CAPA', () => {
    expect(ageDays({ age_days: 4 })).toBe(4);
    expect(ageDays({ received_date: '2026-12-01' }, '2026-12-03')).toBe(2);
    expect(ageDays({}, '2026-12-03')).toBeNull();
    expect(overdue({ status: 'open', due_date: '2026-12-02' }, '2026-12-03')).toBe(true);
    expect(overdue({ status: 'done', due_date: '2026-12-02' }, '2026-12-03')).toBe(false);
    expect(overdue({ status: 'open', due_date: '2026-12-02', overdue: false }, '2026-12-03')).toBe(false);
    expect(statusTone('verified')).toBe('good');
    expect(statusTone('nope')).toBe('none');
  });
});
