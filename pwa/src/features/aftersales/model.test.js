// After-sales pure logic against the contract's shapes (fixtures.js).
import { describe, it, expect } from 'vitest';
import { BODY, RESOLUTION_KINDS } from './api.js';
import {
  toUnits, compareDecimal, money2, pctOf, formatMoney, emptyComplaint, complaintBody, checkComplaint, complaintAge,
  resolvableQty, resolutionFields, emptyResolution, checkResolution, resolutionBody, discountValue, orderValue,
  resolutionButtons, returnStep, sortReceivables, invoiceForm, checkMoneyForm, listQuery, COMPLAINT_FILTERS,
} from './model.js';
import { complaint, resolutions, receivables, finance } from './fixtures.js';

describe('decimals', () => {
  it('compare without floating point', () => {
    expect(toUnits('12345.60', 2)).toBe(1234560n);
    expect(compareDecimal('0.1', '0.10')).toBe(0);
    expect(compareDecimal('250.01', '250')).toBe(1);
    expect(compareDecimal('x', '1')).toBe(null);
  });
  it('round to two places, half up', () => {
    expect(money2('1250')).toBe('1250.00');
    expect(money2('0.125')).toBe('0.13');
    expect(money2('12345.6')).toBe('12345.60');
    expect(money2('abc')).toBe('');
  });
  it('take a percentage of a value', () => {
    expect(pctOf('12000.00', '5')).toBe('600.00');
    expect(pctOf('999.99', '12.5')).toBe('125.00');
    expect(pctOf('', '5')).toBe('');
  });
  it('show money with its currency, grouped', () => {
    expect(formatMoney('12345.6', 'USD', 'en')).toBe('USD 12,345.60');
    expect(formatMoney('', 'USD', 'en')).toBe('');
  });
});

describe('complaint form', () => {
  it('gives the contract body, optional keys left out when blank', () => {
    const f = { ...emptyComplaint('2026-12-03'), description: ' 袖口开线 ', affected_qty: '120', lines: [{ colour: '藏青', size: 'M', quantity: '40' }, { colour: '藏青', size: 'L', quantity: '' }], photo_ids: [31] };
    const b = complaintBody(f);
    expect(Object.keys(b).every((k) => BODY.complaint.includes(k))).toBe(true);
    expect(b).toMatchObject({ received_date: '2026-12-03', description: '袖口开线', affected_qty: 120, lines: [{ colour: '藏青', size: 'M', quantity: 40 }], photo_ids: [31] });
    expect(b).not.toHaveProperty('customer_contact');
    expect(b).not.toHaveProperty('delivery_id');
    expect(complaintBody({ ...f, delivery_id: '5', customer_contact: 'a@b' })).toMatchObject({ delivery_id: 5, customer_contact: 'a@b' });
  });
  it('checks the affected quantity against the shipped one', () => {
    const f = { ...emptyComplaint('2026-12-03'), description: 'x' };
    expect(checkComplaint({ ...f, affected_qty: '' }, 1200).affected_qty).toBe('required');
    expect(checkComplaint({ ...f, affected_qty: '0' }, 1200).affected_qty).toBe('positive');
    expect(checkComplaint({ ...f, affected_qty: '1201' }, 1200).affected_qty).toBe('overShipped');
    expect(checkComplaint({ ...f, affected_qty: '1200' }, 1200)).toEqual({});
    expect(checkComplaint({ ...f, affected_qty: '10', lines: [{ colour: 'a', size: 'M', quantity: 11 }] }, 1200).lines).toBe('linesOver');
  });
  it('says its age in days', () => {
    expect(complaintAge(complaint, '2026-12-30')).toBe(5);
    expect(complaintAge({ received_date: '2026-11-28' }, '2026-12-03')).toBe(5);
    expect(complaintAge({}, '2026-12-03')).toBe(null);
  });
  it('keeps the set filters in the query', () => {
    expect(listQuery({ status: 'open', order_id: ' 12 ', supplier_id: '' }, COMPLAINT_FILTERS, { cursor: '' })).toEqual({ status: 'open', order_id: '12' });
  });
});

describe('resolution wizard', () => {
  it('leaves the shipped quantity less the open and done resolutions', () => {
    expect(resolvableQty(complaint.shipped_quantity, complaint.resolutions)).toEqual({ shipped: 1200, resolved: 120, left: 1080 });
    expect(resolvableQty(100, [{ status: 'cancelled', quantity: 90 }]).left).toBe(100);
  });
  it('shows each path its fields', () => {
    expect(resolutionFields('discount', 'buyer')).toEqual(expect.arrayContaining(['discount_amount', 'discount_pct', 'chargeback_amount']));
    expect(resolutionFields('rework', 'buyer')).not.toContain('chargeback_amount');
    expect(resolutionFields('rework', 'factory')).toContain('chargeback_amount');
    expect(resolutionFields('return', 'buyer')).toContain('then_kind');
    expect(resolutionFields('concession', 'shared')).toContain('chargeback_amount');
  });
  it('checks quantity, discount and chargeback like the server', () => {
    const base = { ...emptyResolution('discount'), quantity: '20', discount_amount: '500' };
    expect(checkResolution(base, { left: 1080 })).toEqual({});
    expect(checkResolution({ ...base, quantity: '1081' }, { left: 1080 }).quantity).toBe('overShipped');
    expect(checkResolution({ ...base, discount_amount: '' }, { left: 10 }).discount_amount).toBe('required');
    expect(checkResolution({ ...base, chargeback_amount: '500.01' }, { left: 1080 }).chargeback_amount).toBe('overDiscount');
    expect(checkResolution({ ...base, chargeback_amount: '500.01', chargeback_over_discount: true }, { left: 1080 })).toEqual({});
    const pct = { ...base, discount_mode: 'pct', discount_amount: '', discount_pct: '5' };
    expect(discountValue(pct, '12000.00')).toBe('600.00');
    expect(checkResolution({ ...pct, chargeback_amount: '600' }, { left: 1080, orderValue: '12000.00' })).toEqual({});
    expect(checkResolution({ ...pct, chargeback_amount: '601' }, { left: 1080, orderValue: '12000.00' }).chargeback_amount).toBe('overDiscount');
    expect(checkResolution({ ...pct, discount_pct: '101' }, { left: 1080 }).discount_pct).toBe('pctMax');
  });
  it('sends only the path\'s keys, money as strings', () => {
    for (const kind of RESOLUTION_KINDS) {
      const b = resolutionBody({ ...emptyResolution(kind), quantity: '10', discount_amount: '500', chargeback_amount: '100' });
      expect(Object.keys(b).every((k) => BODY.resolution.includes(k)), kind).toBe(true);
      expect(b.quantity).toBe(10);
    }
    expect(resolutionBody({ ...emptyResolution('discount'), quantity: '2', discount_amount: '500', chargeback_amount: '250' }))
      .toMatchObject({ discount_amount: '500', chargeback_amount: '250', chargeback_over_discount: false });
    expect(resolutionBody({ ...emptyResolution('discount'), discount_mode: 'pct', discount_pct: '5', quantity: '2' })).not.toHaveProperty('discount_amount');
    expect(resolutionBody({ ...emptyResolution('rework'), cost_bearer: 'buyer', chargeback_amount: '9', quantity: '2' })).not.toHaveProperty('chargeback_amount');
    expect(resolutionBody({ ...emptyResolution('return'), then_kind: 'reproduction', quantity: '3' }).then_kind).toBe('reproduction');
    expect(resolutionBody({ ...emptyResolution('rework'), quantity: '3' })).not.toHaveProperty('then_kind');
  });
  it('works out the order value and the buttons', () => {
    expect(orderValue({ unit_price: '8.50', total_quantity: 1200 })).toBe('10200.00');
    expect(orderValue({ unit_price: '8.5', lines: [{ quantity: 10 }, { quantity: 2 }] })).toBe('102.00');
    expect(orderValue({})).toBe('');
    expect(resolutionButtons(resolutions.rework)).toEqual(['progress', 'reinspect', 'cancel']);
    expect(returnStep(resolutions.return)).toBe('return_received_date');
    expect(returnStep({})).toBe('return_shipped_date');
    expect(returnStep({ return_shipped_date: 'a', return_received_date: 'b' })).toBe(null);
  });
});

describe('finance', () => {
  it('lists receivables overdue first, most days first', () => {
    expect(sortReceivables(receivables).map((r) => r.order.po_number)).toEqual(['NW-24037', 'NW-24036', 'NW-24035']);
  });
  it('fills the invoice form and checks amounts', () => {
    expect(invoiceForm(finance)).toMatchObject({ number: 'INV-2026-118', amount: '12345.60', currency: 'USD' });
    expect(invoiceForm({ invoice: null }, 'EUR', '2026-12-03')).toMatchObject({ number: '', currency: 'EUR', invoice_date: '2026-12-03' });
    expect(checkMoneyForm({ paid_date: '2026-12-01', amount: '0' }, ['paid_date', 'amount']).amount).toBe('decimal');
    expect(checkMoneyForm({ paid_date: '', amount: '10.5' }, ['paid_date', 'amount'])).toEqual({ paid_date: 'required' });
  });
});
