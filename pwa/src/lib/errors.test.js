import { describe, it, expect, afterEach } from 'vitest';
import { i18n } from '../i18n/index.js';
import '../i18n/staff.js'; // field names such as unit_price
import codes from '../i18n/codes.json';
import { errorText, fieldText, formErrors } from './errors.js';

const use = (l) => {
  i18n.global.locale.value = l;
};
afterEach(() => use('zh-CN'));

const ENGLISH = 'The server says this in English';

describe('fieldText', () => {
  it('translates a code with its params, never the message', () => {
    const fe = { code: 'out_of_range', params: { min: 1, max: 10_000_000 }, message: ENGLISH };
    use('zh-CN');
    expect(fieldText(fe)).toBe('须在 1 到 10,000,000 之间');
    use('en');
    expect(fieldText(fe)).toBe('Must be from 1 to 10,000,000');
  });

  it('shows lists of API values as sent', () => {
    use('zh-CN');
    expect(fieldText({ code: 'one_of', params: { allowed: 'sea, air, rail, truck, courier' } })).toBe('只能是以下之一：sea, air, rail, truck, courier');
  });

  it('puts the UI word for API words in params', () => {
    use('zh-CN');
    expect(fieldText({ code: 'required_with', params: { field: 'unit_price' } })).toBe('填写单价时必填');
    expect(fieldText({ code: 'wrong_type', params: { type: 'number' } })).toBe('须为数字');
    expect(fieldText({ code: 'quantity_over_limit', params: { max: 2520, total: 2400, unit: 'pcs', pct: 5 } })).toBe('不能超过 2,520 件（订单 2,400 + 5% 溢装）');
    use('en');
    expect(fieldText({ code: 'date_too_early', params: { min: '2026-03-05' } })).toBe('Cannot be earlier than Mar 5, 2026');
  });

  it('has a text for a code sent without its params', () => {
    use('zh-CN');
    expect(fieldText({ code: 'unknown_customer' })).toBe('客户不存在');
    expect(fieldText({ code: 'unknown_customer', params: { name: 'Acme' } })).toBe('没有名为 Acme 的客户');
  });

  it('says "not accepted" for a code this version does not know', () => {
    use('en');
    expect(fieldText({ code: 'brand_new_code', message: ENGLISH })).toBe('This value is not accepted.');
    expect(fieldText(undefined)).toBe('');
  });
});

describe('errorText', () => {
  it('translates a top-level code with its params', () => {
    use('zh-CN');
    expect(errorText({ status: 409, code: 'order_not_editable', params: { status: 'shipped' }, message: ENGLISH })).toBe('此订单已不能修改（状态：已出货）。');
    expect(errorText({ status: 409, code: 'milestone_closed', params: { status: 'cancelled' } })).toBe('此节点已不能修改（状态：已取消）。');
    use('en');
    expect(errorText({ status: 409, code: 'order_not_draft', params: { status: 'confirmed' } })).toBe('Only a draft order can be confirmed (status: Confirmed).');
  });

  it('gives the one field problem of a validation failure', () => {
    use('zh-CN');
    const one = { status: 422, code: 'validation_failed', fields: { po_number: { code: 'required', message: ENGLISH } } };
    expect(errorText(one)).toBe('必填');
    const two = { ...one, fields: { ...one.fields, style_no: { code: 'required' } } };
    expect(errorText(two)).toBe('请修改标出的内容。');
  });

  it('has the generic texts for no connection and server trouble', () => {
    use('en');
    expect(errorText({ code: 'network' })).toBe('No connection. Check your network and try again.');
    expect(errorText({ status: 0, code: 'network_error', message: 'Failed to fetch' })).toBe('No connection. Check your network and try again.');
    expect(errorText({ status: 502, code: 'http_502', message: 'HTTP 502' })).toBe('Something went wrong on our side; please try again.');
    expect(errorText({ status: 418, code: 'http_418', message: ENGLISH })).toBe('Something went wrong.');
    expect(errorText(null)).toBe('Something went wrong.');
  });

  it('says how long to wait after too many attempts', () => {
    use('en');
    expect(errorText({ status: 429, code: 'too_many_attempts', retryAfter: 600 })).toBe('Too many failed attempts. Wait 10 minutes and try again.');
    expect(errorText({ status: 429, code: 'too_many_attempts' })).toBe('Too many attempts; try again later.');
  });

  it('prefers a screen’s own wording', () => {
    use('zh-CN');
    expect(errorText({ status: 409, code: 'milestone_closed', params: { status: 'done' } }, { prefer: ['staff.errors'] })).toBe('此节点已关闭，不能改期。');
  });

  it('explains the outbox’s own problems', () => {
    use('zh-CN');
    expect(errorText({ status: 0, code: 'photo_held', message: ENGLISH })).toBe('未发送：这条修改的另一张照片上传失败。');
  });
});

describe('formErrors', () => {
  const err = {
    status: 422,
    code: 'validation_failed',
    fields: { date: { code: 'date_in_future' }, quantity: { code: 'too_small', params: { min: 0 } }, photo_ids: { code: 'photo_unavailable' } },
  };
  it('puts the fields a form shows at their place and the rest on the form', () => {
    use('zh-CN');
    expect(formErrors(err, ['date', 'quantity'])).toEqual({
      fields: { date: '不能晚于今天', quantity: '不能小于 0' },
      form: '有照片已失效，请重新拍摄',
    });
    expect(formErrors(err, ['date', 'quantity', 'photo_ids']).form).toBe('请修改标出的内容。');
    expect(formErrors({ status: 409, code: 'order_cancelled' }, ['date'])).toEqual({ fields: {}, form: '该订单已取消，不能再报工。' });
  });
});

describe('every code', () => {
  const sample = (params) => Object.fromEntries(params.map((p) => [p, p === 'status' ? 'cancelled' : 7]));
  for (const locale of ['zh-CN', 'en']) {
    it(`has a full sentence in ${locale}, with no placeholder left and no server message`, () => {
      use(locale);
      for (const [code, params] of Object.entries(codes.field)) {
        const text = fieldText({ code, params: sample(params), message: ENGLISH });
        expect(text, code).not.toMatch(/[{}]|server says/);
        expect(text, code).not.toBe(fieldText({ code: 'brand_new_code' }));
      }
      for (const [code, params] of Object.entries(codes.error)) {
        const text = errorText({ status: 400, code, params: sample(params), message: ENGLISH });
        expect(text, code).not.toMatch(/[{}]|server says/);
        expect(text, code).not.toBe(errorText({ status: 400, code: 'brand_new_code' }));
      }
    });
  }
});

describe('delivery codes', () => {
  it('write the next free days as dates, and a weekly day off in words', () => {
    use('en');
    const full = errorText({ status: 409, code: 'slot_full', params: { date: '2026-12-10', next_free: '2026-12-11, 2026-12-12, 2026-12-14' } });
    expect(full).toBe('The warehouse is fully booked on Dec 10, 2026. Days with room: Dec 11, 2026, Dec 12, 2026, or Dec 14, 2026.');
    expect(fieldText({ code: 'warehouse_closed', params: { date: '2026-12-13', reason: 'weekly' } })).toBe('The warehouse is closed on Dec 13, 2026 (weekly day off)');
    use('zh-CN');
    expect(errorText({ status: 409, code: 'slot_full', params: { date: '2026-12-10', next_free: '2026-12-11' } })).toBe('2026年12月10日 仓库已约满。还有位置的日子：2026年12月11日。');
    expect(fieldText({ code: 'warehouse_closed', params: { date: '2027-02-08', reason: '春节' } })).toBe('2027年2月8日 仓库不收货（春节）');
  });
});
