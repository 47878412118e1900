// The reads the merchandiser's delivery screens share.
import { get } from '../../api.js';
import { session } from '../../session.js';

/** The warehouses; an admin sees the inactive ones too. */
export async function loadWarehouses() {
  const all = session.user?.role === 'admin' ? '?all=true' : '';
  const out = [];
  let cursor = '';
  for (let page = 0; page < 10; page++) {
    const q = cursor ? `${all ? all + '&' : '?'}cursor=${encodeURIComponent(cursor)}` : all;
    const data = await get('/api/v1/warehouses' + q);
    out.push(...(data?.items || []));
    cursor = data?.next_cursor || '';
    if (!cursor) break;
  }
  return out;
}

/**
 * Every delivery matching filters (from, to, warehouse_id, …), following
 * the cursor: a calendar shows a whole period, not a page of it. At most
 * `pages` pages of 200.
 */
export async function loadAllDeliveries(filters, pages = 10) {
  const out = [];
  let cursor = '';
  for (let page = 0; page < pages; page++) {
    const q = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), limit: '200' });
    if (cursor) q.set('cursor', cursor);
    const data = await get('/api/v1/deliveries?' + q);
    out.push(...(data?.items || []));
    cursor = data?.next_cursor || '';
    if (!cursor) break;
  }
  return out;
}
