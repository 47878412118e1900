// In-app notifications on a phone (issue 16): the factory comments on one
// of its orders through the API; the merchandiser (Chinese) sees the bell's
// count rise without a reload, opens the notifications page, reads the
// comment in Chinese, taps it and lands on the order, which marks it read;
// then the factory submits a sample and the bell counts it too.
// axe finds no critical or serious violation on the page.
//
// Needs the server's in-app notifications API: on a server without it
// (GET /api/v1/notifications/unread-count answers 404) the test is skipped,
// saying why.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { axe, api, apiLogin, appFor, browserFor, signIn, shot, until, PHONE } from './harness.mjs';

const POLL_MS = 1000; // the bell's 30 s poll, shortened for the test (poller.js)


const bellCount = async (page) => Number(await page.getByTestId('bell').getAttribute('data-unread'));

test('the merchandiser’s bell shows the factory’s comment without a reload, in Chinese, and opens the order', async (t) => {
  const app = await appFor(t);
  const merch = await apiLogin(app.base, 'li.wang@gendan.demo');
  const probe = await api(app.base, merch.access_token, 'GET', '/api/v1/notifications/unread-count');
  if (probe.status === 404) {
    const why = 'skipped: this server has no in-app notifications API yet (GET /api/v1/notifications/unread-count → 404)';
    console.log(why);
    t.skip(why);
    return;
  }
  assert.equal(probe.status, 200, `unread-count: ${JSON.stringify(probe.body)}`);
  assert.equal(typeof probe.body.unread, 'number');

  const browser = await browserFor(t);
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  await ctx.addInitScript((ms) => localStorage.setItem('gendan.pollMs', String(ms)), POLL_MS);
  const page = await ctx.newPage();
  await signIn(page, app.base, 'li.wang@gendan.demo');
  await page.waitForURL('**/dashboard');
  const bell = page.getByTestId('bell');
  await bell.waitFor();
  const before = await until(async () => {
    const n = await bellCount(page);
    return Number.isFinite(n) && (await bell.getAttribute('aria-label')).startsWith('通知') ? { n } : null;
  }, 'the bell');
  await shot(page, 'notify-01-bell-before', false);

  // The factory comments on its order NW-24017 (Li Wang's), through the API.
  const factory = await apiLogin(app.base, 'chen@jinling.demo');
  const orders = await api(app.base, factory.access_token, 'GET', '/api/v1/orders?q=NW-24017');
  const orderId = orders.body.items[0].id;
  const words = `面料已到厂，明天开裁 ${Date.now() % 100000}`;
  const posted = await api(app.base, factory.access_token, 'POST', `/api/v1/orders/${orderId}/comments`, { body: words });
  assert.equal(posted.status, 201, `comment: ${JSON.stringify(posted.body)}`);

  // The bell counts it without a reload (the dispatcher may take a moment).
  const url = page.url();
  const after = await until(async () => {
    const n = await bellCount(page);
    return n > before.n ? n : null;
  }, 'the bell count to rise', 35_000);
  assert.equal(page.url(), url, 'no navigation');
  assert.equal(await bell.getAttribute('aria-label'), `通知，${after} 条未读`);
  assert.equal(await page.locator('[data-testid="bell"] .van-badge').innerText(), String(after));
  await shot(page, 'notify-02-bell-after', false);

  // The page: the comment first among the unread, in Chinese.
  await bell.click();
  await page.waitForURL('**/notifications');
  const item = page.getByTestId('notification').filter({ hasText: words });
  await item.waitFor();
  const text = await item.innerText();
  assert.match(text, /陈建华.*在订单 NW-24017 留言/s, text);
  assert.equal(await item.getAttribute('data-kind'), 'comment_added');
  assert.equal(await item.getAttribute('data-unread'), 'true');
  assert.equal(await page.getByTestId('notification').first().getAttribute('data-unread'), 'true', 'unread first');
  assert.match(text, /刚刚|分钟前/, 'a relative time in Chinese');
  const found = await axe(page, 'zh-notifications');
  assert.deepEqual(found, [], `axe found critical or serious violations:\n${found.join('\n')}`);

  // Tapping it opens the order and marks it read on the server.
  await item.click();
  await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  await page.getByText('NW-24017').first().waitFor();
  await until(async () => {
    const list = await api(app.base, merch.access_token, 'GET', '/api/v1/notifications?limit=50');
    const n = list.body.items.find((x) => x.kind === 'comment_added' && x.data?.excerpt?.includes(words.slice(-5)));
    return n && n.read_at;
  }, 'the notification read on the server', 10_000);
  await until(async () => (await bellCount(page)) === after - 1, 'the bell count to go down', 10_000);
  await shot(page, 'notify-03-order', false);

  // The factory submits a sample round: the bell shows it too, without a reload.
  const auth = { Authorization: `Bearer ${factory.access_token}` };
  const form = new FormData();
  form.append('file', new Blob([readFileSync(new URL('./fixtures/photo.jpg', import.meta.url))], { type: 'image/jpeg' }), 'photo.jpg');
  const up = await fetch(`${app.base}/api/v1/photos`, { method: 'POST', headers: auth, body: form });
  assert.equal(up.status, 201, 'photo uploaded');
  const round = await api(app.base, factory.access_token, 'POST', `/api/v1/orders/${orderId}/samples`,
    { type: 'pp', note: '产前样第一轮', photo_ids: [(await up.json()).id] });
  assert.equal(round.status, 201, `sample: ${JSON.stringify(round.body)}`);
  await until(async () => (await bellCount(page)) === after, 'the bell to count the sample', 35_000);
  await bell.click();
  await page.waitForURL('**/notifications');
  const sample = page.getByTestId('notification').filter({ hasText: 'NW-24017' }).first();
  await sample.waitFor();
  assert.equal(await sample.getAttribute('data-kind'), 'sample_submitted', 'the newest unread is the sample');
  await shot(page, 'notify-04-sample', false);
});
