// Notification settings as a form (/notifications/settings): the server
// keeps, per outside channel, the kinds left out (`disabled`); the screen
// shows a switch per kind and channel, on = not left out. Quiet hours are
// on or off with two clock times. Pure functions, tested in
// settingsModel.test.js.
import codes from '../../i18n/codes.json';

/** The outside channels the settings choose for, as the API names them. */
export const CHANNELS = ['email', 'webpush'];

// The order a reader expects (the life of an order), not codes.json's
// alphabetical one; a kind the server adds later comes last.
const ORDER = ['sample_submitted', 'sample_decided', 'inspection_booked', 'inspection_confirmed', 'inspection_assigned', 'inspection_result',
  'delivery_booked', 'delivery_confirmed', 'delivery_rescheduled', 'delivery_rejected', 'delivery_shipped',
  'comment_added', 'chase_logged', 'order_revised', 'order_cancelled', 'risk_worse', 'step_overdue', 'escalated', 'risk_digest', 'progress_reported',
  'material_eta_changed', 'material_shipped', 'material_inspection_failed', 'material_not_ready', 'material_po_due',
  'complaint_received', 'complaint_answered', 'capa_changed', 'resolution_added', 'chargeback_acknowledged'];
const rank = (k) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);

/** Every notification kind the server sends (models.NotificationKinds), in reading order. */
export const KINDS = [...codes.notification].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The form of a GET answer: on[channel][kind] is true unless the kind is
 * left out; kinds the server left out that this version does not know are
 * kept (extra) so a save does not drop them.
 */
export function toForm(settings, kinds = KINDS) {
  const on = {};
  const extra = {};
  for (const ch of CHANNELS) {
    const off = new Set(settings?.disabled?.[ch] || []);
    on[ch] = Object.fromEntries(kinds.map((k) => [k, !off.has(k)]));
    extra[ch] = [...off].filter((k) => !kinds.includes(k));
  }
  const q = settings?.quiet_hours;
  return {
    on,
    extra,
    quiet: !!q,
    from: q?.from || '22:00',
    to: q?.to || '07:00',
    timeZone: settings?.time_zone || '',
  };
}

/** The kinds each channel leaves out: the switches that are off (sorted). */
export function toDisabled(on, extra = {}) {
  const out = {};
  for (const ch of CHANNELS) {
    const off = Object.entries(on?.[ch] || {}).filter(([, v]) => !v).map(([k]) => k);
    out[ch] = [...new Set([...off, ...(extra[ch] || [])])].sort();
  }
  return out;
}

/** A browser's time input may say 22:00:00; the API wants HH:MM. */
export const clock = (s) => String(s || '').trim().slice(0, 5);

/** The PUT body of a form. */
export function settingsBody(form) {
  return {
    disabled: toDisabled(form.on, form.extra),
    quiet_hours: form.quiet ? { from: clock(form.from), to: clock(form.to) } : null,
  };
}

/** Field problems the screen can see before sending ({field: code}). */
export function checkSettings(form) {
  const e = {};
  if (!form.quiet) return e;
  if (!CLOCK.test(clock(form.from))) e['quiet_hours.from'] = { code: 'invalid_clock_time' };
  if (!CLOCK.test(clock(form.to))) e['quiet_hours.to'] = { code: 'invalid_clock_time' };
  return e;
}

/** Whether every kind of a channel is on / off / mixed (for the column's "all" switch). */
export function channelState(on, ch) {
  const vals = Object.values(on?.[ch] || {});
  if (vals.every(Boolean)) return 'all';
  if (!vals.some(Boolean)) return 'none';
  return 'some';
}

/** Turns every kind of a channel on or off. */
export function setChannel(on, ch, value) {
  for (const k of Object.keys(on[ch] || {})) on[ch][k] = value;
}
