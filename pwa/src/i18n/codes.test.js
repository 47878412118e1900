// Every code the server can send (codes.json, written from models/codes.go
// by a Go test) has a text in both languages, and each text uses only that
// code's params as placeholders — and every one of them, but for params the
// server sends only sometimes.
import { describe, it, expect } from 'vitest';
import codes from './codes.json';
import { messages } from './all.js';

// Params a text may leave out: import_failed says `listed` only when the
// list was cut short, which the import screen says itself; steps_in_past's
// `steps` is a list the confirm dialog shows under the sentence.
const OPTIONAL = { error: { import_failed: ['listed'], steps_in_past: ['steps'] }, field: {} };

const TABLES = { field: 'field', error: 'code' }; // codes.json section → errors.<table>
const placeholders = (s) => [...new Set([...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe.each(['zh-CN', 'en'])('error texts in %s', (locale) => {
  const errors = messages[locale].errors;

  for (const [section, table] of Object.entries(TABLES)) {
    it(`translate every ${section} code`, () => {
      const missing = Object.keys(codes[section]).filter((code) => typeof errors[table][code] !== 'string' || !errors[table][code].trim());
      expect(missing).toEqual([]);
    });

    it(`use only the params of each ${section} code`, () => {
      const wrong = [];
      for (const [code, params] of Object.entries(codes[section])) {
        const used = placeholders(errors[table][code]);
        const extra = used.filter((p) => !params.includes(p));
        if (extra.length) wrong.push(`${code}: {${extra.join('}, {')}} is not a param`);
      }
      expect(wrong).toEqual([]);
    });

    it(`use every param of each ${section} code`, () => {
      const wrong = [];
      for (const [code, params] of Object.entries(codes[section])) {
        const used = placeholders(errors[table][code]);
        const optional = OPTIONAL[section][code] || [];
        const left = params.filter((p) => !used.includes(p) && !optional.includes(p));
        if (left.length) wrong.push(`${code} leaves out {${left.join('}, {')}}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('has no text for a code the server does not send', () => {
    expect(Object.keys(errors.code).filter((c) => !(c in codes.error))).toEqual([]);
    expect(Object.keys(errors.field).filter((c) => !(c in codes.field))).toEqual([]);
  });

  it('has param-less texts only for codes with params', () => {
    for (const [code, text] of Object.entries(errors.bare)) {
      expect(codes.field[code]?.length, code).toBeGreaterThan(0);
      expect(placeholders(text), code).toEqual([]);
    }
  });
});
