// The risk screens' messages: the same keys and placeholders in both
// languages, translated, and every risk.* key the feature's sources (and
// the screens it touches) name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { riskMessages } from './messages.js';
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

describe('risk messages', () => {
  const zh = flatten(riskMessages['zh-CN']);
  const en = flatten(riskMessages.en);

  it('have the same keys in zh-CN and en', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(en)) expect(placeholders(zh[k]), k).toEqual(placeholders(en[k]));
  });
  it('are translated', () => {
    const same = Object.keys(en).filter((k) => en[k] === zh[k] && !/^[{}\w\s→:()/·]*$/.test(en[k]));
    expect(same).toEqual([]);
  });
  it('are merged under risk.', () => {
    expect(i18n.global.t('risk.level.late', {}, { locale: 'zh-CN' })).toBe('已延误');
    expect(i18n.global.t('risk.chase.submit', {}, { locale: 'en' })).toBe('Save chase');
  });
  it('have every risk.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'messages.js');
    const src = join(dir, '..', '..');
    const more = ['views/staff/OrderDetail.vue', 'views/staff/Suppliers.vue', 'views/factory/Orders.vue', 'components/StaffShell.vue'].map((f) => join(src, f));
    const bad = [];
    let seen = 0;
    for (const f of [...files.map((x) => join(dir, x)), ...more]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(['`])(risk\.[A-Za-z0-9_.-]*)(\1|\$\{)/g)) {
        seen++;
        const key = m[2].replace(/\.$/, '');
        const prefix = m[3] === '${' || m[2].endsWith('.');
        for (const [lang, tree] of Object.entries(riskMessages)) {
          const v = at({ risk: tree }, key);
          if (prefix ? !(v && typeof v === 'object') : !(typeof v === 'string' || (v && typeof v === 'object'))) bad.push(`${lang} ${f.split('/').pop()}: ${key}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });
});
