// GET /orders/:id/samples pages its rounds (newest first) and groups each
// page by sample type; a type's older rounds may come in a later page.
// mergeSampleGroups appends a page to the groups shown so far: rounds join
// their type's group (once each), new types go at the end.
export function mergeSampleGroups(groups, page) {
  const out = groups.map((g) => ({ ...g, rounds: [...(g.rounds || [])] }));
  const byType = new Map(out.map((g) => [g.type, g]));
  for (const g of page || []) {
    const have = byType.get(g.type);
    if (!have) {
      const copy = { ...g, rounds: [...(g.rounds || [])] };
      out.push(copy);
      byType.set(g.type, copy);
      continue;
    }
    const seen = new Set(have.rounds.map((r) => r.id));
    for (const r of g.rounds || []) if (!seen.has(r.id)) have.rounds.push(r);
  }
  return out;
}
