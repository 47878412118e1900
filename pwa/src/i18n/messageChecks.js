// What every feature's messages test checks, written once (imported by the
// *.test.js files only, never by the app): both languages have the same
// keys and placeholders and are translated, and every key a screen names
// exists.
import { it, expect } from 'vitest';
import { readFileSync } from 'node:fs';

// flatten turns a message tree into { 'a.b.c': text }.
export function flatten(obj, prefix = '') {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(out, flatten(v, key));
    else out[key] = v;
  }
  return out;
}

// placeholders lists a text's {name} placeholders, sorted, once each.
export const placeholders = (s) => [...new Set([...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

// at reads a dotted key from a message tree (undefined when absent).
export const at = (tree, key) => key.split('.').reduce((n, k) => (n && typeof n === 'object' ? n[k] : undefined), tree);

// itPairsLanguages defines the three tests of a zh-CN / en pair of message
// trees. sameAllowed matches the English texts that may read the same in
// Chinese (placeholders, codes); null: none may.
export function itPairsLanguages(zhTree, enTree, sameAllowed = null) {
  const zh = flatten(zhTree);
  const en = flatten(enTree);
  it('have the same keys in zh-CN and en', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(en)) expect(placeholders(zh[k]), k).toEqual(placeholders(en[k]));
  });
  it('are translated', () => {
    expect(Object.keys(en).filter((k) => en[k] === zh[k] && !(sameAllowed && sameAllowed.test(en[k])))).toEqual([]);
  });
}

// missingKeys scans files for the keys of namespace ns they name
// ('ns.a.b', or a prefix 'ns.a.' / `ns.a.${…}`) and lists, per language of
// messages ({ 'zh-CN': tree, en: tree }), those that do not exist: a key
// must be a text or a group, a prefix a group. seen counts the keys found.
export function missingKeys(ns, messages, files) {
  const bad = [];
  let seen = 0;
  const re = new RegExp(`(['\`])(${ns}\\.[A-Za-z0-9_.-]*)(\\1|\\$\\{)`, 'g');
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(re)) {
      seen++;
      const key = m[2].replace(/\.$/, '');
      const prefix = m[3] === '${' || m[2].endsWith('.');
      for (const [lang, tree] of Object.entries(messages)) {
        const v = at({ [ns]: tree }, key);
        if (prefix ? !(v && typeof v === 'object') : !(typeof v === 'string' || (v && typeof v === 'object'))) bad.push(`${lang} ${f.split('/').pop()}: ${key}`);
      }
    }
  }
  return { bad, seen };
}
