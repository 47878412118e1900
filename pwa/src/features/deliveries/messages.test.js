// The delivery screens' messages: the same keys and placeholders in both
// languages, and every deliv.* key the feature's sources name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { delivMessages } from './messages.js';
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

describe('delivery messages', () => {
  const zh = flatten(delivMessages['zh-CN']);
  const en = flatten(delivMessages.en);

  it('have the same keys in zh-CN and en', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(en)) expect(placeholders(zh[k]), k).toEqual(placeholders(en[k]));
  });
  it('are translated', () => {
    const same = Object.keys(en).filter((k) => en[k] === zh[k] && !/^[{}\w\s→:()/]*$/.test(en[k]));
    expect(same).toEqual([]);
  });
  it('are merged under deliv.', () => {
    expect(i18n.global.t('deliv.status.shipped', {}, { locale: 'zh-CN' })).toBe('已出货');
    expect(i18n.global.t('deliv.pack.short', { n: 20 }, { locale: 'en' })).toBe('20 short');
    expect(i18n.global.t('deliv.day.full', { date: '12月10日' }, { locale: 'zh-CN' })).toBe('12月10日：已约满');
  });
  it('have every deliv.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'messages.js');
    const more = [join(dir, '..', '..', 'views', 'factory', 'OrderDetail.vue'), join(dir, '..', '..', 'views', 'staff', 'OrderDetail.vue')];
    const bad = [];
    for (const f of [...files.map((x) => join(dir, x)), ...more]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(['`])(deliv\.[A-Za-z0-9_.-]*)(\1|\$\{)/g)) {
        const key = m[2].replace(/\.$/, '');
        const prefix = m[3] === '${' || m[2].endsWith('.');
        for (const [lang, tree] of Object.entries(delivMessages)) {
          const v = at({ deliv: tree }, key);
          if (prefix ? !(v && typeof v === 'object') : !(typeof v === 'string' || (v && typeof v === 'object'))) bad.push(`${lang} ${f.split('/').pop()}: ${key}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
