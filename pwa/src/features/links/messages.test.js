// The customer-link messages: the same keys and placeholders in both
// languages, translated, and every links.* key the feature names exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { linkMessages } from './messages.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';

describe('customer link messages', () => {
  itPairsLanguages(linkMessages['zh-CN'], linkMessages.en, /^English$/);
  it('are merged under links.', () => {
    expect(i18n.global.t('links.title', {}, { locale: 'zh-CN' })).toBe('客户链接');
    expect(i18n.global.t('links.share', {}, { locale: 'en' })).toBe('Share status link');
  });
  it('have every links.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'messages.js').map((f) => join(dir, f));
    const { bad, seen } = missingKeys('links', linkMessages, files);
    expect(seen).toBeGreaterThan(30);
    expect(bad).toEqual([]);
  });
});
