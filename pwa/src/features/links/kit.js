// What the customer-link screens share, as pure functions (kit.test.js):
// the share form's defaults, its checks before sending and its request
// body, and the texts of a link's dates.
import { i18n, formatDate, formatDateTime } from '../../i18n/index.js';
import { fieldText } from '../../lib/errors.js';
import './messages.js';

const g = i18n.global;

export const SECTIONS = ['progress', 'samples', 'inspections', 'shipments'];
export const LANGUAGES = ['en', 'zh-CN'];
export const DAYS = { min: 1, max: 365, default: 90 };
// The form's fields, as the server names them (for its field errors).
export const FIELDS = ['recipient_name', 'recipient_email', 'expires_in_days', 'language', 'sections', 'show_email', 'show_phone'];

/** The language a new link starts with: the customer's, else English. */
export const defaultLanguage = (customerLocale) => (LANGUAGES.includes(customerLocale) ? customerLocale : 'en');

/** A fresh form. */
export function newForm(customerLocale) {
  return {
    recipient_name: '',
    recipient_email: '',
    expires_in_days: String(DAYS.default),
    language: defaultLanguage(customerLocale),
    sections: [...SECTIONS],
    show_email: true,
    show_phone: false,
  };
}

// Enough to catch a typo; the server has the last word.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The form's problems by field (texts), before anything is sent; {} when none. */
export function linkProblems(form) {
  const out = {};
  const email = String(form.recipient_email || '').trim();
  if (email && !EMAIL.test(email)) out.recipient_email = fieldText({ code: 'invalid_email' });
  const days = String(form.expires_in_days ?? '').trim();
  if (!days) out.expires_in_days = fieldText({ code: 'required' });
  else if (!/^\d+$/.test(days) || +days < DAYS.min || +days > DAYS.max) out.expires_in_days = fieldText({ code: 'out_of_range', params: { min: DAYS.min, max: DAYS.max } });
  if (!LANGUAGES.includes(form.language)) out.language = fieldText({ code: 'one_of', params: { allowed: LANGUAGES.join(', ') } });
  if (!form.sections?.length) out.sections = g.t('links.sheet.needSection');
  return out;
}

/** The POST body: trimmed, empty names left out, sections in their usual order. */
export function linkBody(form) {
  const body = {
    expires_in_days: Number(String(form.expires_in_days).trim()),
    language: form.language,
    sections: SECTIONS.filter((s) => form.sections.includes(s)),
    show_email: !!form.show_email,
    show_phone: !!form.show_phone,
  };
  const name = String(form.recipient_name || '').trim();
  const email = String(form.recipient_email || '').trim();
  if (name) body.recipient_name = name;
  if (email) body.recipient_email = email;
  return body;
}

/** Who a link is for, in one line. */
export function recipientText(link) {
  const name = link.recipient_name || '';
  const email = link.recipient_email || '';
  if (name && email) return `${name} <${email}>`;
  return name || email || g.t('links.noRecipient');
}

/** A link's facts as lines: created (by), expiry or revocation, last viewed and views (or: not opened yet). */
export function linkFacts(link) {
  const lines = [];
  lines.push(link.created_by?.name
    ? g.t('links.created', { when: formatDateTime(link.created_at), who: link.created_by.name })
    : g.t('links.createdAt', { when: formatDateTime(link.created_at) }));
  if (link.status === 'revoked' && link.revoked_at) lines.push(g.t('links.revokedAt', { when: formatDateTime(link.revoked_at) }));
  else if (link.expires_at) lines.push(g.t(link.status === 'expired' ? 'links.expired' : 'links.expires', { date: formatDate(link.expires_at) }));
  const n = Number(link.view_count) || 0;
  if (!link.last_viewed_at && !n) {
    lines.push(g.t('links.neverViewed'));
    return lines;
  }
  if (link.last_viewed_at) lines.push(g.t('links.lastViewed', { when: formatDateTime(link.last_viewed_at) }));
  lines.push(g.t('links.views', { n: n.toLocaleString(g.locale.value) }, n));
  return lines;
}

const TAG = { active: 'success', expired: 'default', revoked: 'danger' };
export const linkTag = (s) => TAG[s] || 'default';
