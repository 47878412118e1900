// The status page's texts: the same keys and placeholders in both
// languages, translated, and every key the page names exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messages, translate, lookup } from './messages.js';
import { STATUSES, STEP_STATES } from './format.js';
import { itPairsLanguages } from '../i18n/messageChecks.js';

describe('status page messages', () => {
  itPairsLanguages(messages['zh-CN'], messages.en, /^(English|中文)$/);

  it('fill placeholders', () => {
    expect(translate('en', 'head.order', { po: 'NW-1' })).toBe('Order NW-1');
    expect(translate('zh-CN', 'progress.percent', { n: 40 })).toBe('已完成 40%');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('have the customer words for every status and step state', () => {
    for (const l of ['en', 'zh-CN']) {
      for (const s of [...STATUSES, 'unknown']) expect(typeof lookup(l, `status.${s}`), `${l} ${s}`).toBe('string');
      for (const s of STEP_STATES) expect(typeof lookup(l, `progress.state.${s}`), `${l} ${s}`).toBe('string');
    }
    expect(translate('zh-CN', 'status.on_track')).toBe('进展顺利');
    expect(translate('en', 'status.needs_attention')).toBe('Needs attention');
  });

  it('have every key the page names', () => {
    const src = readFileSync(join(import.meta.dirname, 'StatusPage.vue'), 'utf8');
    const bad = [];
    let seen = 0;
    for (const m of src.matchAll(/\bt\(\s*(['`])([\w.]+?)(\1|\$\{|')/g)) {
      seen++;
      const key = m[2].replace(/\.$/, '');
      const prefix = m[3] !== m[1] || m[2].endsWith('.');
      for (const l of ['en', 'zh-CN']) {
        const v = lookup(l, key);
        if (prefix ? !(v && typeof v === 'object') : typeof v !== 'string') bad.push(`${l}: ${key}`);
      }
    }
    expect(seen).toBeGreaterThan(30);
    expect(bad).toEqual([]);
  });

  it('are small', () => {
    // The page's budget: the texts of both languages stay a few kB.
    expect(JSON.stringify(messages).length).toBeLessThan(8000);
  });
});
