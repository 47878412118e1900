// Problems a user may overrule by saying so: the server refuses a date that
// breaks the plan (a past ex-factory date, a step after the ex-factory date
// or after the next step) unless the request says force: true.
export const FORCEABLE = ['date_in_past', 'after_ex_factory', 'after_next_step'];

/** True when every field problem of err is one the user may overrule. */
export function forceable(err) {
  const problems = Object.values(err?.fields || {});
  return err?.code === 'validation_failed' && problems.length > 0 && problems.every((p) => FORCEABLE.includes(p.code));
}
