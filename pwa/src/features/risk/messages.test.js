// The risk screens' messages: the same keys and placeholders in both
// languages, translated, and every risk.* key the feature's sources (and
// the screens it touches) name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { riskMessages } from './messages.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';

describe('risk messages', () => {
  itPairsLanguages(riskMessages['zh-CN'], riskMessages.en, /^[{}\w\s→:()/·]*$/);
  it('are merged under risk.', () => {
    expect(i18n.global.t('risk.level.late', {}, { locale: 'zh-CN' })).toBe('已延误');
    expect(i18n.global.t('risk.chase.submit', {}, { locale: 'en' })).toBe('Save chase');
  });
  it('have every risk.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'messages.js');
    const src = join(dir, '..', '..');
    const more = ['views/staff/OrderDetail.vue', 'views/staff/Suppliers.vue', 'views/factory/Orders.vue', 'components/StaffShell.vue'].map((f) => join(src, f));
    const { bad, seen } = missingKeys('risk', riskMessages, [...files.map((x) => join(dir, x)), ...more]);
    expect(seen).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });
});
