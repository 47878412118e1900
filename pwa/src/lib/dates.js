// Calendar dates as the API writes them (YYYY-MM-DD), on the phone's own
// calendar.

const pad = (n) => String(n).padStart(2, '0');

/** Today on the phone's calendar, YYYY-MM-DD. */
export function today(now = new Date()) {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from a to b (YYYY-MM-DD); negative when b is earlier. */
export function daysBetween(a, b) {
  const t = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return Math.round((t(b) - t(a)) / 86_400_000);
}
