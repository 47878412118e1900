// The inspection screens' messages: the same keys and placeholders in both
// languages, and every insp.* key the feature's sources name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspMessages } from './messages.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';

describe('inspection messages', () => {
  itPairsLanguages(inspMessages['zh-CN'], inspMessages.en, /\{\w+\} \/ \{\w+\}/);
  it('are merged under insp.', () => {
    expect(i18n.global.t('insp.result.pass', {}, { locale: 'zh-CN' })).toBe('合格');
    expect(i18n.global.t('insp.form.line', { severity: 'major', found: 3, ac: 7 }, { locale: 'en' })).toBe('major: 3 found, accept up to 7');
    expect(i18n.global.t('insp.form.line', { severity: '主要缺陷', found: 3, ac: 7 }, { locale: 'zh-CN' })).toBe('主要缺陷：发现 3，最多可接受 7');
  });
  it('have every insp.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'messages.js');
    const more = [join(dir, '..', '..', 'views', 'factory', 'OrderDetail.vue'), join(dir, '..', '..', 'views', 'staff', 'OrderDetail.vue')];
    const { bad } = missingKeys('insp', inspMessages, [...files.map((x) => join(dir, x)), ...more]);
    expect(bad).toEqual([]);
  });
});
