// Factory progress report on a phone, made with no signal: sign in as the
// factory, open the order, go offline, report a running total with a camera
// photo on the sewing step; it waits in the outbox, is delivered once when
// the connection returns, and the merchandiser sees it (with a photo that
// loads) in the order's activity. The factory's JSON never carries price or
// internal notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { countRequests, apiLogin, root, until, shot, signIn, phone, appFor } from './harness.mjs';

test('factory: offline progress report with a photo is delivered once and reaches the merchandiser', async (t) => {
  const app = await appFor(t);
  const { ctx, page } = await phone(t);

  // Every API JSON the factory page receives, to check nothing internal leaks.
  const bodies = [];
  page.on('response', async (res) => {
    if (!new URL(res.url()).pathname.startsWith('/api/')) return;
    if (!(res.headers()['content-type'] || '').includes('json')) return;
    try {
      bodies.push({ url: res.url(), text: await res.text() });
    } catch {
      // a redirect or a body already gone
    }
  });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // Sign in as the factory (Chinese UI) and find the order in the list.
  await signIn(page, app.base, 'chen@jinling.demo');
  await page.waitForURL('**/orders');
  const card = page.getByTestId('order-card').filter({ hasText: 'NW-24017' });
  await card.waitFor();
  await card.getByText('生产中').waitFor();
  await card.getByText('下一步').waitFor();
  assert.equal(await page.getByText('NW-24031').count(), 0, 'a draft order is not shown to the factory');
  await shot(page, '40-factory-orders');

  // The order: header, colour × size, the T&A steps.
  await card.click();
  await page.waitForURL(/\/orders\/\d+$/);
  const orderId = Number(new URL(page.url()).pathname.split('/').pop());
  const sewing = page.locator('[data-step="sewing"]');
  await sewing.waitFor();
  await page.getByText('颜色 × 尺码').waitFor();
  await page.getByText('Navy 藏青').waitFor();
  await sewing.getByText('车缝').waitFor();
  await sewing.getByText('已做 0 / 2400件').waitFor();
  // The lazily loaded parts (report sheet, messages) are in before going offline.
  await page.getByTestId('comments').waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await shot(page, '41-factory-order-detail');

  // No signal.
  await ctx.setOffline(true);
  await page.getByText('当前离线').first().waitFor();

  // Report on sewing: first a total over the order's tolerance is refused
  // on the phone, in Chinese, with nothing sent.
  await sewing.click();
  const sheet = page.getByTestId('report-sheet');
  await sheet.waitFor();
  await sheet.getByText('报工 · 车缝').waitFor();
  const qty = sheet.getByLabel('累计数量');
  await qty.fill('9999');
  await sheet.getByTestId('report-submit').click();
  await sheet.getByText('不能超过 2,520 件（订单 2,400 + 5% 溢装）').waitFor();

  // Then a real running total, a note and a camera photo.
  await qty.fill('1200');
  await sheet.getByLabel('备注').fill('两条线在做，进度正常');
  await sheet.locator('input[type="file"]').setInputFiles(join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg'));
  await sheet.getByTestId('photo-thumb').waitFor();
  assert.equal(await sheet.getByText('无法读取这张照片').count(), 0);
  await shot(page, '42-factory-report-sheet', false);
  await sheet.getByTestId('report-submit').click();

  // Kept on the phone: one change in the outbox, shown on the step.
  await page.getByText('已离线保存').first().waitFor();
  await sheet.waitFor({ state: 'hidden' });
  await until(async () => (await page.locator('.van-tabbar .van-badge').count()) && (await page.locator('.van-tabbar .van-badge').innerText()) === '1', 'outbox badge 1');
  await sewing.getByText('待发送：1200').waitFor();
  await shot(page, '43-factory-report-queued');
  const output = app.output();
  assert.equal(countRequests(output, 'POST', '/api/v1/photos', 201), 0, 'nothing was uploaded while offline');

  // Signal again: it is delivered, and the step shows the server's total.
  await ctx.setOffline(false);
  await sewing.getByText('已做 1200 / 2400件').waitFor({ timeout: 45000 });
  await until(async () => (await page.locator('.van-tabbar .van-badge').count()) === 0, 'an empty outbox');
  await shot(page, '44-factory-report-delivered');

  // The merchandiser sees it in the order's activity, with the photo.
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const auth = { Authorization: `Bearer ${li.access_token}` };
  const event = await until(async () => {
    const res = await fetch(`${app.base}/api/v1/orders/${orderId}/activity`, { headers: auth });
    assert.equal(res.status, 200);
    const { items } = await res.json();
    return items.find((e) => e.kind === 'progress_reported' && e.data.code === 'sewing');
  }, 'the report in the activity');
  assert.equal(event.data.quantity, 1200);
  assert.equal(event.data.done, false);
  assert.equal(event.data.note, '两条线在做，进度正常');
  assert.equal(event.actor, '陈建华');
  assert.equal(event.photos?.length, 1, 'one photo with the report');
  const thumb = await fetch(app.base + event.photos[0].urls.thumb);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  assert.ok((await thumb.arrayBuffer()).byteLength > 500, 'the thumbnail has content');

  // Delivered exactly once, replays included.
  await new Promise((r) => setTimeout(r, 1500));
  const log = app.output();
  const reportPath = `/api/v1/milestones/${event.data.milestone_id}/reports`;
  assert.equal(countRequests(log, 'POST', reportPath, 201), 1, 'the report was created once');
  assert.equal(countRequests(log, 'POST', '/api/v1/photos', 201), 1, 'the photo was stored once');

  // The factory's JSON never carried the price or internal notes.
  assert.ok(bodies.some((b) => b.url.includes(`/api/v1/orders/${orderId}`)), 'the order JSON was seen');
  for (const b of bodies) {
    assert.ok(!b.text.includes('unit_price'), `unit_price in ${b.url}`);
    assert.ok(!b.text.includes('internal_notes'), `internal_notes in ${b.url}`);
  }
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
