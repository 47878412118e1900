// The delivery screens' messages: the same keys and placeholders in both
// languages, and every deliv.* key the feature's sources name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { delivMessages } from './messages.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';

describe('delivery messages', () => {
  itPairsLanguages(delivMessages['zh-CN'], delivMessages.en, /^[{}\w\s→:()/]*$/);
  it('are merged under deliv.', () => {
    expect(i18n.global.t('deliv.status.shipped', {}, { locale: 'zh-CN' })).toBe('已出货');
    expect(i18n.global.t('deliv.pack.short', { n: 20 }, { locale: 'en' })).toBe('20 short');
    expect(i18n.global.t('deliv.day.full', { date: '12月10日' }, { locale: 'zh-CN' })).toBe('12月10日：已约满');
  });
  it('have every deliv.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'messages.js');
    const more = [join(dir, '..', '..', 'views', 'factory', 'OrderDetail.vue'), join(dir, '..', '..', 'views', 'staff', 'OrderDetail.vue')];
    const { bad } = missingKeys('deliv', delivMessages, [...files.map((x) => join(dir, x)), ...more]);
    expect(bad).toEqual([]);
  });
});
