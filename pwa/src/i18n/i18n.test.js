// Every message exists in both languages, with the same placeholders.
import { describe, it, expect } from 'vitest';
import { browserLocale, i18n } from './index.js';
import { messages } from './all.js';
import { staffMessages } from './staff.js';
import { flatten, placeholders } from './messageChecks.js';

// The staff messages load with the staff screens; they are checked here too.
const en = { ...messages.en, staff: staffMessages.en };
const zhCN = { ...messages['zh-CN'], staff: staffMessages['zh-CN'] };

describe('i18n', () => {
  const a = flatten(en);
  const b = flatten(zhCN);

  it('has the same keys in zh-CN and en', () => {
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  });

  it('has no empty message', () => {
    for (const [k, v] of Object.entries({ ...a, ...b })) expect(String(v).trim(), k).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    for (const k of Object.keys(a)) expect(placeholders(b[k]), k).toEqual(placeholders(a[k]));
  });

  it('is actually translated (Chinese text in zh-CN)', () => {
    const untranslated = Object.keys(a).filter((k) => a[k] === b[k] && !k.startsWith('lang.'));
    expect(untranslated).toEqual([]);
  });

  it('has the staff messages once the staff screens load', () => {
    expect(i18n.global.te('staff.orders.new', 'en')).toBe(true);
    expect(i18n.global.t('staff.orders.new', {}, { locale: 'zh-CN' })).toBe(staffMessages['zh-CN'].orders.new);
  });

  it('picks the browser language', () => {
    expect(browserLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(browserLocale(['en-GB'])).toBe('en');
    expect(browserLocale(['de-DE', 'en-US'])).toBe('en');
    expect(browserLocale(['fr'])).toBe('zh-CN');
  });
});
