// The app's message compiler (compile.js) against vue-i18n's own: every
// text of every screen, in both languages, with its placeholders filled and,
// for plural texts, several counts, must come out the same. vue-i18n's
// compiler is in the tests (the build alone drops it).
import { describe, it, expect } from 'vitest';
import { createI18n } from 'vue-i18n';
import { i18n } from './index.js';
import { compileMessage, parse } from './compile.js';
import { flatten } from './messageChecks.js';
import './staff.js';

// Every file that merges texts into the app's i18n.
const modules = import.meta.glob(['../features/**/*essages.js', '../features/risk/levels.js', '../features/scorecard/entry.js'], { eager: true });

function instances(locale, tree) {
  const opts = { legacy: false, locale, messages: { [locale]: tree }, missingWarn: false, fallbackWarn: false };
  return [createI18n(opts).global, createI18n({ ...opts, messageCompiler: compileMessage }).global];
}

describe('the app’s message compiler', () => {
  it('is the one the app uses', () => {
    expect(Object.keys(modules).length).toBeGreaterThan(15);
    // A text compiled by the app's i18n goes through compileMessage: its
    // cache then holds the function (same object on a second compile).
    expect(compileMessage('{a}x')).toBe(compileMessage('{a}x'));
  });

  for (const locale of ['zh-CN', 'en']) {
    it(`makes every ${locale} text as vue-i18n does`, () => {
      const tree = i18n.global.getLocaleMessage(locale);
      const texts = Object.entries(flatten(tree)).filter(([, v]) => typeof v === 'string');
      expect(texts.length).toBeGreaterThan(1500);
      const [theirs, ours] = instances(locale, tree);
      let plural = 0;
      for (const [key, text] of texts) {
        const names = [...text.matchAll(/\{\s*([A-Za-z_$][\w$-]*)\s*\}/g)].map((m) => m[1]);
        const params = Object.fromEntries(names.map((n) => [n, `«${n}»`]));
        expect(ours.t(key, params), key).toBe(theirs.t(key, params));
        if (parse(text, key).length > 1) {
          plural++;
          for (const n of [0, 1, 2, 7]) {
            const p = { ...params, n, count: n };
            expect(ours.t(key, p, n), `${key} (${n})`).toBe(theirs.t(key, p, n));
          }
        }
      }
      expect(plural).toBeGreaterThan(locale === 'en' ? 5 : 0); // Chinese rarely has plural forms
    });
  }

  it('reads placeholders, literals and plural cases', () => {
    const [theirs, ours] = instances('en', {
      a: "you{'@'}company.com or {0}", b: 'no photo | {n} photo | {n} photos', c: '', d: "{ name } says {'{'}hi{'}'}",
      e: "tab{'\\t'}", f: 'a|b', g: "{'\\u4e2d'}",
    });
    for (const [key, args] of [['a', [['x']]], ['b', [{ n: 0 }, 0]], ['b', [{ n: 1 }, 1]], ['b', [{ n: 3 }, 3]], ['c', []], ['d', [{ name: 'Li' }]], ['f', [{}, 2]], ['g', []]]) {
      expect(ours.t(key, ...args), key).toBe(theirs.t(key, ...args));
    }
    expect(ours.t('a', ['x'])).toBe('you@company.com or x');
    expect(ours.t('b', { n: 3 }, 3)).toBe('3 photos');
  });

  it('refuses what it does not support, naming the text', () => {
    expect(() => parse('see @:other.key', 'k')).toThrow(/"k".*linked/);
    expect(() => parse('open {name', 'k')).toThrow(/unclosed/);
    expect(() => parse('a } b')).toThrow(/without/);
    expect(() => parse('{a b}')).toThrow(/bad placeholder/);
  });
});
