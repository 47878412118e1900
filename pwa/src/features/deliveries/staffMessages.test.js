// The merchandiser's delivery screens' messages: the same keys and
// placeholders in both languages, translated, and every dstaff.* key these
// screens name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliveryStaffMessages } from './staffMessages.js';
import { i18n } from '../../i18n/index.js';

function flatten(obj, prefix = '') {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(out, flatten(v, key));
    else out[key] = v;
  }
  return out;
}
const placeholders = (s) => [...new Set([...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const at = (tree, key) => key.split('.').reduce((n, k) => (n && typeof n === 'object' ? n[k] : undefined), tree);

// This engineer's files (the factory's delivery screens have their own messages).
const FILES = ['staffKit.js', 'staffApi.js', 'DeliveriesCalendar.vue', 'DeliveriesList.vue', 'InvoicePrint.vue', 'Warehouses.vue', 'DeliveryActions.vue', 'DeliveryCard.vue'];

describe('delivery staff messages', () => {
  const zh = flatten(deliveryStaffMessages['zh-CN']);
  const en = flatten(deliveryStaffMessages.en);

  it('have the same keys in zh-CN and en', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(en)) expect(placeholders(zh[k]), k).toEqual(placeholders(en[k]));
  });
  it('are translated', () => {
    expect(Object.keys(en).filter((k) => en[k] === zh[k])).toEqual([]);
  });
  it('are merged under dstaff.', () => {
    expect(i18n.global.t('dstaff.status.confirmed', {}, { locale: 'zh-CN' })).toBe('已确认');
    expect(i18n.global.t('dstaff.cal.usage', { used: 3, total: 10, cused: 120, ctotal: 800 }, { locale: 'en' })).toBe('Bookings 3/10 · cartons 120/800');
    expect(i18n.global.t('dstaff.cal.bookings', { n: 1 }, { plural: 1, locale: 'en' })).toBe('1 booking');
    expect(i18n.global.t('dstaff.cal.bookings', { n: 3 }, { plural: 3, locale: 'en' })).toBe('3 bookings');
  });
  it('name the nav entries in both languages', () => {
    for (const locale of ['zh-CN', 'en']) {
      expect(i18n.global.te('nav.deliveries', locale), locale).toBe(true);
      expect(i18n.global.te('nav.warehouses', locale), locale).toBe(true);
    }
  });
  it('have every dstaff.* key the screens name', () => {
    const bad = [];
    let seen = 0;
    for (const f of FILES) {
      const text = readFileSync(join(import.meta.dirname, f), 'utf8');
      for (const m of text.matchAll(/(['`])(dstaff\.[A-Za-z0-9_.-]*)(\1|\$\{)/g)) {
        seen++;
        const key = m[2].replace(/\.$/, '');
        const prefix = m[3] === '${' || m[2].endsWith('.');
        for (const [lang, tree] of Object.entries(deliveryStaffMessages)) {
          const v = at({ dstaff: tree }, key);
          if (prefix ? !(v && typeof v === 'object') : !(typeof v === 'string' || (v && typeof v === 'object'))) bad.push(`${lang} ${f}: ${key}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(bad).toEqual([]);
  });
});
