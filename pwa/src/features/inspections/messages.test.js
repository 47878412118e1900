// The inspection screens' messages: the same keys and placeholders in both
// languages, and every insp.* key the feature's sources name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspMessages } from './messages.js';
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

describe('inspection messages', () => {
  const zh = flatten(inspMessages['zh-CN']);
  const en = flatten(inspMessages.en);

  it('have the same keys in zh-CN and en', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(en)) expect(placeholders(zh[k]), k).toEqual(placeholders(en[k]));
  });
  it('are translated', () => {
    const same = Object.keys(en).filter((k) => en[k] === zh[k] && !/\{\w+\} \/ \{\w+\}/.test(en[k]));
    expect(same).toEqual([]);
  });
  it('are merged under insp.', () => {
    expect(i18n.global.t('insp.result.pass', {}, { locale: 'zh-CN' })).toBe('合格');
    expect(i18n.global.t('insp.form.line', { severity: 'major', found: 3, ac: 7 }, { locale: 'en' })).toBe('major: 3 found, accept up to 7');
    expect(i18n.global.t('insp.form.line', { severity: '主要缺陷', found: 3, ac: 7 }, { locale: 'zh-CN' })).toBe('主要缺陷：发现 3，最多可接受 7');
  });
  it('have every insp.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'messages.js');
    const more = [join(dir, '..', '..', 'views', 'factory', 'OrderDetail.vue'), join(dir, '..', '..', 'views', 'staff', 'OrderDetail.vue')];
    const bad = [];
    for (const f of [...files.map((x) => join(dir, x)), ...more]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(['`])(insp\.[A-Za-z0-9_.-]*)(\1|\$\{)/g)) {
        const key = m[2].replace(/\.$/, '');
        const prefix = m[3] === '${' || m[2].endsWith('.');
        for (const [lang, tree] of Object.entries(inspMessages)) {
          const v = at({ insp: tree }, key);
          if (prefix ? !(v && typeof v === 'object') : !(typeof v === 'string' || (v && typeof v === 'object'))) bad.push(`${lang} ${f.split('/').pop()}: ${key}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
