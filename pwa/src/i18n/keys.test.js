// Every message key the sources name exists in both languages: a quoted key
// ('staff.orders.new') is a message, a quoted prefix ('staff.status.' + s,
// `errors.code.${code}`) or a table name (prefer: ['factory.errors']) is a
// group of messages. (A key t() misses at run time fails the test that
// asked for it too: see test-setup.js.)
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { messages } from './all.js';
import { staffMessages } from './staff.js';

const src = join(import.meta.dirname, '..');
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
// The customer's status page (status/) is a page of its own with its own
// small texts (status/messages.js, checked by status/messages.test.js).
const files = walk(src).filter((f) => /\.(vue|js)$/.test(f) && !/\.test\.js$/.test(f) && !f.startsWith(join(src, 'i18n')) && !f.startsWith(join(src, 'status')));

const NAMESPACES = Object.keys(messages.en).join('|');
// A single-quoted or back-quoted string that starts with a namespace and a dot.
const KEY = new RegExp(`(['\`])((?:${NAMESPACES})\\.[A-Za-z0-9_.-]*)(\\1|\\$\\{)`, 'g');

function found() {
  const out = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(KEY)) {
      const prefix = m[3] === '${' || m[2].endsWith('.');
      out.push({ where: relative(src, f), key: m[2].replace(/\.$/, ''), prefix });
    }
  }
  return out;
}

const at = (tree, key) => key.split('.').reduce((node, k) => (node && typeof node === 'object' ? node[k] : undefined), tree);

describe('message keys in the sources', () => {
  const keys = found();

  it('finds the keys the screens use', () => {
    expect(keys.length).toBeGreaterThan(300);
    expect(keys.some((k) => k.key === 'factory.report.submit')).toBe(true);
  });

  for (const locale of ['zh-CN', 'en']) {
    it(`exist in ${locale}`, () => {
      const tree = { ...messages[locale], staff: staffMessages[locale] };
      const bad = [];
      for (const { where, key, prefix } of keys) {
        const v = at(tree, key);
        const ok = prefix ? v && typeof v === 'object' : typeof v === 'string' || (v && typeof v === 'object');
        if (!ok) bad.push(`${where}: ${key}${prefix ? '.*' : ''}`);
      }
      expect([...new Set(bad)]).toEqual([]);
    });
  }
});
