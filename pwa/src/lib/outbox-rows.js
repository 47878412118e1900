// The Outbox screen's rows: one per thing the user did. A report and its
// photos are one row (as the badge counts them), in the state of its
// furthest-behind part, with how far its photos have gone up.

/** Rows for the outbox items of outbox.list(): json items with their photos folded in. */
export function outboxRows(list) {
  const byId = new Map(list.map((it) => [it.id, it]));
  const owned = new Set();
  const rows = list.filter((it) => it.kind === 'json').map((j) => {
    const photos = (j.photoItemIds || []).map((id) => byId.get(id)).filter(Boolean);
    photos.forEach((p) => owned.add(p.id));
    const up = photos.find((p) => p.sending);
    const bad = photos.find((p) => p.state === 'failed');
    return {
      ...j,
      photoCount: (j.photoItemIds || []).length,
      state: bad ? 'failed' : up ? 'sending' : j.state,
      error: bad?.error || j.error,
      // photoIndex counts from 1; photos already sent are gone from the list.
      progress: up ? ((up.photoIndex || 1) - 1 + (up.progress || 0)) / (up.photoCount || 1) : j.progress,
    };
  });
  // A photo whose change is gone (it should not happen) still shows, so it can be discarded.
  return rows.concat(list.filter((it) => it.kind === 'photo' && !owned.has(it.id)));
}
