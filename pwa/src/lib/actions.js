// What the signed-in user may do now with an object: the server lists it in
// the DTO's `actions` (order: edit, confirm, cancel, comment, report,
// submit_sample; milestone: report, reschedule; sample round: approve,
// approve_with_comments, reject, resubmit). Screens show a button only for
// an action listed there and never work it out from a status.

/** Whether dto.actions lists action. */
export const can = (dto, action) => Array.isArray(dto?.actions) && dto.actions.includes(action);
