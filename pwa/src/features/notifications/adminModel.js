// The admin screens of issue 16 as data: the escalation ladder as a form
// (/notifications/escalation) and the failed sends (/notifications/failures).
// The server decides what is valid (models.SetEscalationLadder) and what a
// send allows (its `actions`); these pure functions only shape the form, the
// PUT body and where a refusal's field problems are shown. Tested in
// adminModel.test.js.

/** The server's bounds (models/escalation.go): 1 h to 30 days, at most 10 steps. */
export const MIN_HOURS = 1;
export const MAX_HOURS = 24 * 30;
export const MAX_STEPS = 10;

/** The roles that may be named on a step (the API answers not_staff otherwise). */
export const STAFF_ROLES = ['admin', 'merchandiser'];

let nextKey = 1;
const key = () => `step-${nextKey++}`;

/** The form of a GET answer: one row per step, in order, each with a key for v-for. */
export function toSteps(ladder) {
  return [...(ladder?.steps || [])]
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((s) => ({ key: key(), hours: s.after_hours, toSupplier: !!s.to_supplier, toAdmins: !!s.to_admins, userIds: [...(s.user_ids || [])] }));
}

/**
 * A new step after the last: a day later than it (first step: 48 h, the
 * default ladder's first), telling the factory.
 */
export function newStep(steps) {
  const last = steps.length ? Number(steps[steps.length - 1].hours) || 0 : 0;
  const hours = steps.length ? Math.min(MAX_HOURS, last + 24) : 48;
  return { key: key(), hours, toSupplier: true, toAdmins: false, userIds: [] };
}

/** Hours as the API wants them: a whole number, or null when the field is blank. */
export function hoursValue(v) {
  if (v === '' || v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

/** The PUT body: the steps in the order shown; each step's people once, sorted. */
export function ladderBody(steps) {
  return {
    steps: steps.map((s) => ({
      after_hours: hoursValue(s.hours),
      to_supplier: !!s.toSupplier,
      to_admins: !!s.toAdmins,
      user_ids: [...new Set((s.userIds || []).map(Number))].sort((a, b) => a - b),
    })),
  };
}

/** Field problems the screen can see before sending ({field: {code}}, field names as the API's). */
export function checkLadder(steps) {
  const e = {};
  steps.forEach((s, i) => {
    if (hoursValue(s.hours) === null) e[`steps[${i}].after_hours`] = { code: 'required' };
  });
  return e;
}

/**
 * Where a field problem of the API is shown: steps[1].after_hours at step
 * 2's hours (`1.hours`), steps[0] (nobody_to_tell) at step 1's people
 * (`0.who`), anything else about the list (too_many, not_staff) at the list
 * (`steps`). For formErrors' match.
 */
export function stepField(name) {
  if (name === 'steps') return 'steps';
  const m = /^steps\[(\d+)\](?:\.(\w+))?$/.exec(name || '');
  if (!m) return undefined;
  if (!m[2]) return `${m[1]}.who`;
  if (m[2] === 'after_hours') return `${m[1]}.hours`;
  return `${m[1]}.who`;
}

/**
 * The people one may name: active staff by name, and any id a step names
 * that is not among them (kept, so a save does not drop it silently).
 */
export function staffOptions(users, named = []) {
  const staff = (users || []).filter((u) => STAFF_ROLES.includes(u.role) && u.active !== false)
    .map((u) => ({ id: u.id, name: u.name, role: u.role }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const known = new Set(staff.map((u) => u.id));
  const unknown = [...new Set(named)].filter((id) => !known.has(id)).sort((a, b) => a - b).map((id) => ({ id, name: `#${id}`, role: '' }));
  return [...staff, ...unknown];
}

/** Whether a step tells anyone (the server's nobody_to_tell otherwise). */
export const tellsSomeone = (s) => !!(s.toSupplier || s.toAdmins || s.userIds?.length);

/** A failed send's order as one line: "PO · style" ('' without an order). */
export const orderLine = (o) => (o ? [o.po_number, o.style_no].filter(Boolean).join(' · ') : '');

/** Whether a failed send may be retried now (the server's `actions`). */
export const canRetry = (item) => (item?.actions || []).includes('retry');

/** The list after a retry: the row replaced by the server's answer, in place. */
export function replaceItem(items, updated) {
  return items.map((x) => (x.id === updated.id ? updated : x));
}
