// The share form: its defaults, its checks before sending and the request
// body; a link's lines.
import { describe, it, expect, beforeEach } from 'vitest';
import { i18n } from '../../i18n/index.js';
import { newForm, defaultLanguage, linkProblems, linkBody, recipientText, linkFacts, linkTag, SECTIONS } from './kit.js';

beforeEach(() => {
  i18n.global.locale.value = 'en';
});

describe('the share form', () => {
  it('starts with every section, 90 days, my e-mail shown and my phone not', () => {
    expect(newForm('zh-CN')).toEqual({
      recipient_name: '', recipient_email: '', expires_in_days: '90', language: 'zh-CN',
      sections: ['progress', 'samples', 'inspections', 'shipments'], show_email: true, show_phone: false,
    });
  });
  it('starts in the customer’s language, else English', () => {
    expect(defaultLanguage('zh-CN')).toBe('zh-CN');
    expect(defaultLanguage('en')).toBe('en');
    expect(defaultLanguage('')).toBe('en');
    expect(defaultLanguage('de')).toBe('en');
  });
  it('accepts the defaults', () => {
    expect(linkProblems(newForm('en'))).toEqual({});
  });
  it('checks the e-mail, the days, the language and the sections', () => {
    const f = { ...newForm('en'), recipient_email: 'ann@', expires_in_days: '366', language: 'de', sections: [] };
    const p = linkProblems(f);
    expect(Object.keys(p).sort()).toEqual(['expires_in_days', 'language', 'recipient_email', 'sections']);
    expect(p.recipient_email).toBe('Not a valid e-mail address');
    expect(p.expires_in_days).toBe('Must be from 1 to 365');
    expect(p.sections).toBe('Choose at least one.');
    for (const days of ['0', '-1', '1.5', 'x', '400']) expect(linkProblems({ ...newForm('en'), expires_in_days: days }).expires_in_days, days).toBe('Must be from 1 to 365');
    expect(linkProblems({ ...newForm('en'), expires_in_days: '' }).expires_in_days).toBe('Required');
    for (const days of ['1', '365', ' 30 ']) expect(linkProblems({ ...newForm('en'), expires_in_days: days }), days).toEqual({});
  });
  it('checks in Chinese too', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(linkProblems({ ...newForm('en'), sections: [] }).sections).toBe('至少选择一项。');
  });
  it('sends what was chosen, trimmed, without empty names', () => {
    expect(linkBody(newForm('en'))).toEqual({
      expires_in_days: 90, language: 'en', sections: SECTIONS, show_email: true, show_phone: false,
    });
    const body = linkBody({
      recipient_name: '  Ann Lee ', recipient_email: ' ann@example.com ', expires_in_days: ' 30', language: 'zh-CN',
      sections: ['shipments', 'progress'], show_email: false, show_phone: true,
    });
    expect(body).toEqual({
      recipient_name: 'Ann Lee', recipient_email: 'ann@example.com', expires_in_days: 30, language: 'zh-CN',
      sections: ['progress', 'shipments'], show_email: false, show_phone: true,
    });
  });
});

describe('a link’s lines', () => {
  const link = {
    id: 7, recipient_name: 'Ann Lee', recipient_email: 'ann@example.com', language: 'en', status: 'active',
    created_at: '2026-12-03T10:00:00Z', created_by: { id: 2, name: 'Emma Carter' }, expires_at: '2027-03-03T10:00:00Z',
    revoked_at: null, last_viewed_at: null, view_count: 0, actions: ['revoke'],
  };
  it('names the recipient', () => {
    expect(recipientText(link)).toBe('Ann Lee <ann@example.com>');
    expect(recipientText({ ...link, recipient_email: '' })).toBe('Ann Lee');
    expect(recipientText({ ...link, recipient_name: null })).toBe('ann@example.com');
    expect(recipientText({})).toBe('No recipient named');
  });
  it('says who made it, until when, and how often it was opened', () => {
    const lines = linkFacts(link);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Created .+ by Emma Carter$/);
    expect(lines[1]).toMatch(/^Expires .*2027/);
    expect(lines[2]).toBe('Not opened yet');
    const seen = linkFacts({ ...link, last_viewed_at: '2026-12-04T08:00:00Z', view_count: 3 });
    expect(seen).toHaveLength(4);
    expect(seen[2]).toMatch(/^Last viewed /);
    expect(seen[3]).toBe('3 views');
    expect(linkFacts({ ...link, last_viewed_at: '2026-12-04T08:00:00Z', view_count: 1 })[3]).toBe('1 view');
  });
  it('says when it was revoked or expired', () => {
    expect(linkFacts({ ...link, status: 'revoked', revoked_at: '2026-12-05T08:00:00Z' })[1]).toMatch(/^Revoked /);
    expect(linkFacts({ ...link, status: 'expired' })[1]).toMatch(/^Expired /);
    i18n.global.locale.value = 'zh-CN';
    expect(linkFacts({ ...link, last_viewed_at: '2026-12-04T08:00:00Z', view_count: 2 })[3]).toBe('查看 2 次');
  });
  it('colours its status', () => {
    expect(linkTag('active')).toBe('success');
    expect(linkTag('revoked')).toBe('danger');
    expect(linkTag('expired')).toBe('default');
  });
});
