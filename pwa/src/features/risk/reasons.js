// A risk reason (a code with params, docs/RISK.md) in the user's words:
// step names in the user's language, sample and inspection types as words,
// dates as "12月6日" / "Dec 6", numbers grouped. An unknown code still says
// something. Both languages' texts are in messages.js (risk.reason.*).
import { i18n } from '../../i18n/index.js';
import './messages.js';

const g = i18n.global;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD date as a short day of the current locale ("12月6日", "Dec 6"); other values as given. */
export function shortDay(iso, locale = g.locale.value) {
  if (!ISO.test(String(iso || ''))) return iso ? String(iso) : '';
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(new Date(iso + 'T00:00:00'));
}

/** A number grouped in the current locale. */
export const num = (n, locale = g.locale.value) => (n === null || n === undefined || n === '' ? '' : new Intl.NumberFormat(locale).format(Number(n)));

/** A step's name in the current locale from params {name, name_en, step}. */
export function stepName(p = {}, locale = g.locale.value) {
  const zh = /^zh/i.test(locale);
  return (zh ? p.name || p.name_en : p.name_en || p.name) || p.step || '';
}

/** A sample type (pp, fit, …) as a word; the code upper-cased when it has none. */
export function sampleType(type) {
  const key = `risk.sampleType.${type}`;
  return g.te(key) ? g.t(key) : String(type || '').toUpperCase();
}

/** An inspection type (ipi, dupro, fri, reinspection) as a word. */
export function inspectionType(type) {
  const key = `risk.inspType.${type}`;
  return g.te(key) ? g.t(key) : String(type || '').toUpperCase();
}

const int = (v) => Math.round(Number(v) || 0);

/** One reason {code, params} as a sentence. */
export function reasonText(reason) {
  const code = reason?.code || '';
  const p = reason?.params || {};
  switch (code) {
    case 'milestone_overdue':
      return g.t('risk.reason.milestone_overdue', { step: stepName(p), days: num(p.days) }, int(p.days));
    case 'output_too_slow':
      return g.t('risk.reason.output_too_slow', {
        step: stepName(p), needed: num(p.needed_per_day), observed: num(p.observed_per_day), projected: shortDay(p.projected_date),
      });
    case 'sample_not_approved':
      if (int(p.days_to_deadline) <= 0) return g.t('risk.reason.sample_not_approved_due', { type: sampleType(p.type) });
      return g.t('risk.reason.sample_not_approved', { type: sampleType(p.type), days: num(p.days_to_deadline) }, int(p.days_to_deadline));
    case 'inspection_failed':
      return g.t('risk.reason.inspection_failed', { type: inspectionType(p.type), date: shortDay(p.date) });
    case 'no_update':
      return g.t('risk.reason.no_update', { days: num(p.days) }, int(p.days));
    case 'delivery_not_booked':
      return g.t('risk.reason.delivery_not_booked', { days: num(p.days_to_ex_factory) }, int(p.days_to_ex_factory));
    case 'past_ex_factory':
      return g.t('risk.reason.past_ex_factory', { days: num(p.days) }, int(p.days));
    case 'planned_late':
      return g.t('risk.reason.planned_late', { step: stepName(p) });
    case 'material_late':
      if (!p.eta || p.eta <= p.needed_by) return g.t('risk.reason.material_late_no_eta', { item: p.item || '', needed_by: shortDay(p.needed_by) });
      return g.t('risk.reason.material_late', { item: p.item || '', needed_by: shortDay(p.needed_by), eta: shortDay(p.eta) });
    case 'material_failed':
      return g.t('risk.reason.material_failed', { item: p.item || '' });
    case 'capa_overdue':
      return g.t('risk.reason.capa_overdue', { capa_id: p.capa_id, days: num(p.days) }, int(p.days));
    default:
      return g.t('risk.reason.other', { code: code || '?' });
  }
}

/** The reasons of a risk as sentences, worst first (the server's order). */
export const reasonTexts = (risk) => (risk?.reasons || []).map(reasonText);

/** The first (worst) reason as a sentence, '' when there is none. */
export const topReason = (risk) => (risk?.reasons?.length ? reasonText(risk.reasons[0]) : '');
