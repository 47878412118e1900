// The notifications bell and page on a factory phone, against the in-app
// API's contract (issue 16) played by the test: the endpoints under
// /api/v1/notifications are answered by a fake in the browser (routes), the
// rest by the real server. Runs whether or not the server has the API:
// notifications.test.mjs is the end-to-end test against the real one.
// Checks: the bell's count and its name; polling stops when hidden and
// when signed out; the page (unread first, load more, in Chinese and
// English, axe); a tap opens the object and marks it read; read offline it
// waits in the outbox, the bell counts it read, and it reaches the server
// once when back online; "mark all as read".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, apiLogin, api, appFor, browserFor, signIn, shot, until, PHONE } from './harness.mjs';


/** The contract's API, in memory: 35 notifications for the order, 3 unread. */
function fakeApi(order) {
  const now = Date.now();
  const items = [];
  const kinds = [
    ['sample_decided', { sample_type: 'pp', round: 2, sample_id: 1, status: 'rejected' }],
    ['inspection_confirmed', { inspection_id: 1, type: 'fri', date: '2026-12-10' }],
    ['brand_new_kind', { whatever: 1 }],
  ];
  for (let i = 0; i < 35; i++) {
    const [kind, data] = i < 3 ? kinds[i] : ['comment_added', { comment_id: i, excerpt: `第 ${i} 条留言` }];
    items.push({
      id: 100 + i, kind, data,
      created_at: new Date(now - (i + 1) * 7 * 60_000).toISOString(),
      read_at: i < 3 ? null : new Date(now).toISOString(),
      order: { id: order.id, po_number: order.po_number, style_no: order.style_no },
      actor: { id: 9, name: '王丽 Li Wang' },
      path: `/orders/${order.id}`,
    });
  }
  const f = { items, calls: [], offline: false };
  f.unread = () => items.filter((n) => !n.read_at).length;
  f.handle = async (route) => {
    const req = route.request();
    const u = new URL(req.url());
    f.calls.push(`${req.method()} ${u.pathname}`);
    if (f.offline) return route.abort('internetdisconnected');
    const json = (body, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    if (req.method() === 'GET' && u.pathname === '/api/v1/notifications/unread-count') return json({ unread: f.unread() });
    if (req.method() === 'GET' && u.pathname === '/api/v1/notifications') {
      const limit = Number(u.searchParams.get('limit') || 50);
      const start = Number(u.searchParams.get('cursor') || 0);
      const sorted = [...items].sort((a, b) => (!a.read_at - !b.read_at) * -1 || b.created_at.localeCompare(a.created_at));
      const page = sorted.slice(start, start + limit);
      return json({ items: page, unread: f.unread(), next_cursor: start + limit < sorted.length ? String(start + limit) : null });
    }
    const read = /^\/api\/v1\/notifications\/(\d+)\/read$/.exec(u.pathname);
    if (req.method() === 'POST' && read) {
      const n = items.find((x) => x.id === Number(read[1]));
      if (!n) return json({ error: { code: 'not_found', message: 'not found' } }, 404);
      n.read_at ||= new Date().toISOString();
      return json({ notification: n });
    }
    if (req.method() === 'POST' && u.pathname === '/api/v1/notifications/read-all') {
      const marked = items.filter((n) => !n.read_at);
      marked.forEach((n) => { n.read_at = new Date().toISOString(); });
      return json({ unread: 0, marked: marked.length });
    }
    return json({ error: { code: 'not_found', message: 'not found' } }, 404);
  };
  return f;
}

const count = (f, what) => f.calls.filter((c) => c === what).length;

test('notifications on a factory phone: bell, page, read on tap, read offline, mark all', async (t) => {
  const app = await appFor(t);
  const factory = await apiLogin(app.base, 'chen@jinling.demo');
  const order = (await api(app.base, factory.access_token, 'GET', '/api/v1/orders?q=NW-24017')).body.items[0];
  const f = fakeApi(order);

  const browser = await browserFor(t);
  // No service worker: the fake must see every request the page makes.
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN', serviceWorkers: 'block' });
  t.after(() => ctx.close());
  await ctx.addInitScript(() => localStorage.setItem('gendan.pollMs', '1000'));
  await ctx.route(/\/api\/v1\/notifications(\/|\?|$)/, f.handle);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await signIn(page, app.base, 'chen@jinling.demo');
  await page.waitForURL('**/orders');
  const bell = page.getByTestId('bell');
  await until(async () => (await bell.getAttribute('data-unread')) === '3', 'the bell to count 3');
  assert.equal(await bell.getAttribute('aria-label'), '通知，3 条未读');
  assert.equal(await page.locator('[data-testid="bell"] .van-badge').innerText(), '3');
  await shot(page, 'notify-ui-01-bell', false);

  // It polls while visible; not while hidden; at once when visible again.
  await until(() => count(f, 'GET /api/v1/notifications/unread-count') >= 3, 'a few polls');
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const hiddenAt = count(f, 'GET /api/v1/notifications/unread-count');
  await page.waitForTimeout(2500);
  assert.equal(count(f, 'GET /api/v1/notifications/unread-count'), hiddenAt, 'no poll while hidden');
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await until(() => count(f, 'GET /api/v1/notifications/unread-count') > hiddenAt, 'a poll on becoming visible', 900);

  // The page: unread first, in Chinese, with a generic text for a kind it does not know.
  await bell.click();
  await page.waitForURL('**/notifications');
  const rows = page.getByTestId('notification');
  await until(async () => (await rows.count()) === 30, 'the first page');
  assert.deepEqual(await rows.evaluateAll((els) => els.slice(0, 4).map((e) => e.dataset.unread)), ['true', 'true', 'true', 'false']);
  assert.match(await rows.nth(0).innerText(), /王丽 Li Wang退回了订单 NW-24017 的产前样（第 2 轮），请提交新一轮。/);
  assert.match(await rows.nth(2).innerText(), /订单 NW-24017 有新动态。/);
  assert.ok(!(await page.locator('main').innerText()).includes('brand_new_kind'), 'never the raw kind');
  assert.match(await rows.nth(0).innerText(), /分钟前/);
  await page.getByText('3 条未读').waitFor();
  let found = await axe(page, 'zh-notifications');
  await shot(page, 'notify-ui-02-page-zh');
  await page.getByTestId('more').click();
  await until(async () => (await rows.count()) === 35, 'the second page');
  assert.equal(await page.getByTestId('more').count(), 0, 'no more after the last page');

  // A tap opens the order and marks it read.
  await rows.nth(1).click();
  await page.waitForURL(new RegExp(`/orders/${order.id}$`));
  await until(() => f.items[1].read_at, 'the read on the server');
  await until(async () => (await bell.getAttribute('data-unread')) === '2', 'the bell to count 2');

  // Offline: a read waits in the outbox; the bell counts it read already.
  await page.goto(app.base + '/notifications');
  await until(async () => (await rows.count()) === 30, 'the list again');
  await ctx.setOffline(true);
  f.offline = true;
  await rows.nth(0).click();
  await page.waitForURL(new RegExp(`/orders/${order.id}$`));
  await until(async () => (await bell.getAttribute('data-unread')) === '1', 'the bell to count the offline read');
  await page.getByRole('tab', { name: /待发送/ }).click();
  await page.getByText('标记通知为已读（订单 NW-24017）').waitFor();
  await shot(page, 'notify-ui-03-outbox-offline', false);
  assert.equal(f.items[0].read_at, null, 'not on the server yet');
  const reads = () => f.calls.filter((c) => c === `POST /api/v1/notifications/${f.items[0].id}/read`).length;
  const offlineTries = reads();

  // Online again: sent once, and the count stays right.
  f.offline = false;
  await ctx.setOffline(false);
  await until(() => f.items[0].read_at, 'the queued read on the server', 20_000);
  await page.getByText('全部已发送。').waitFor();
  await page.waitForTimeout(1500);
  assert.equal(reads() - offlineTries, 1, 'delivered once');
  assert.equal(await bell.getAttribute('data-unread'), '1');

  // Mark all as read, in English this time.
  await page.getByRole('tab', { name: '我的' }).click();
  await page.getByTestId('language').click();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('tab', { name: 'Orders' }).waitFor();
  await page.locator('.van-action-sheet').waitFor({ state: 'hidden' });
  await page.locator('.van-toast').waitFor({ state: 'hidden' }); // the language's "Saved" 
  await bell.click();
  await page.waitForURL('**/notifications');
  await page.getByText('1 unread').waitFor();
  assert.equal(await bell.getAttribute('aria-label'), 'Notifications, 1 unread');
  assert.match(await page.locator('main').innerText(), /New update on order NW-24017\./);
  assert.match(await page.locator('main').innerText(), /final inspection \(FRI\) for order NW-24017 on Dec 10, 2026 is confirmed/);
  found = found.concat(await axe(page, 'en-notifications'));
  await page.getByTestId('mark-all').click();
  await page.getByText('All read').waitFor();
  await until(async () => (await bell.getAttribute('data-unread')) === '0', 'the bell to count 0');
  assert.equal(await bell.getAttribute('aria-label'), 'Notifications');
  assert.equal(await page.locator('[data-unread="true"][data-testid="notification"]').count(), 0);
  assert.equal(f.unread(), 0);
  await shot(page, 'notify-ui-04-all-read-en');
  assert.deepEqual(found, [], `axe found critical or serious violations:\n${found.join('\n')}`);

  // Signed out: no more polling.
  await page.getByRole('tab', { name: 'Me' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await page.waitForTimeout(300);
  const outAt = count(f, 'GET /api/v1/notifications/unread-count');
  await page.waitForTimeout(2500);
  assert.equal(count(f, 'GET /api/v1/notifications/unread-count'), outAt, 'no poll when signed out');
  assert.deepEqual(errors, []);
});
