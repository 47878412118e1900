// Reopening the app with no signal shows what the factory last saw: the
// order list and an order it opened, with their content, and a notice that
// the data is the kept copy from a given time. The service worker's API
// cache holds no auth answers, and signing out empties it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, phone, appFor, shot, until } from './harness.mjs';

test('factory: reopened offline, the list and the order come from the cache with a "data from" notice', async (t) => {
  const app = await appFor(t);
  const { ctx, page } = await phone(t);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await signIn(page, app.base, 'chen@jinling.demo');
  await page.waitForURL('**/orders');
  await page.getByTestId('order-card').first().waitFor();
  // The service worker is installed after the first screen; once it
  // controls the page, what the screens fetch goes through its cache.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), 'the service worker in control', 15000);

  // Online: the list, then one order.
  await page.reload();
  const card = page.getByTestId('order-card').filter({ hasText: 'NW-24017' });
  await card.waitFor();
  const rows = await page.getByTestId('order-card').count();
  assert.ok(rows >= 1, `orders listed (${rows})`);
  assert.equal(await page.getByTestId('cached-data').count(), 0, 'no "data from" notice online');
  await card.click();
  await page.waitForURL(/\/orders\/\d+$/);
  const orderURL = page.url();
  await page.locator('[data-step="sewing"]').getByText('车缝').waitFor();
  await page.getByText('Navy 藏青').waitFor();
  await page.getByTestId('comments').waitFor();

  const cached = await page.evaluate(async () => {
    const c = await caches.open('gendan-api');
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(cached.includes('/api/v1/orders'), `the list is cached: ${cached}`);
  assert.ok(cached.some((p) => /^\/api\/v1\/orders\/\d+$/.test(p)), `the order is cached: ${cached}`);
  assert.ok(cached.some((p) => /^\/api\/v1\/orders\/\d+\/milestones$/.test(p)), `the plan is cached: ${cached}`);
  assert.ok(!cached.some((p) => p.startsWith('/api/v1/auth/')), `no auth answer is cached: ${cached}`);

  // No signal; the app is opened again on the order list.
  await ctx.setOffline(true);
  await page.goto(app.base + '/orders');
  await page.getByText('当前离线').first().waitFor();
  await card.waitFor();
  assert.equal(await page.getByTestId('order-card').count(), rows, 'every row the list had');
  assert.equal(await page.getByText('订单加载失败').count(), 0);
  const notice = page.getByTestId('cached-data');
  await notice.waitFor();
  assert.match(await notice.innerText(), /显示的是 .+ 的数据/);
  await shot(page, '60-offline-reopen-list');

  // And the order, with its content, not only the tab bar.
  await page.goto(orderURL);
  await page.locator('[data-step="sewing"]').getByText('车缝').waitFor();
  await page.getByText('Navy 藏青').waitFor();
  await page.getByText('NW-24017').first().waitFor();
  await notice.waitFor();
  assert.equal(await page.getByText('加载失败').count(), 0, 'nothing failed to load');
  await shot(page, '61-offline-reopen-order');

  // Online again: fresh answers, the notice goes.
  await ctx.setOffline(false);
  await page.reload();
  await page.locator('[data-step="sewing"]').waitFor();
  await until(async () => (await page.getByTestId('cached-data').count()) === 0, 'the notice gone online');

  // Signing out empties the API cache.
  await page.goto(app.base + '/me');
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/login');
  assert.equal(await page.evaluate(() => caches.has('gendan-api')), false, 'the API cache is gone after signing out');
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
