// Customer status links (issue 15): the merchandiser (Emma Carter, English,
// desktop) shares a link from the order page and reads its address once; a
// fresh browser with no login opens it on a phone and follows the order
// (PO, the milestones in English with English dates, then in Chinese);
// axe finds nothing critical or serious on the page in both languages nor
// on the share sheet; the merchandiser's own browser, with the app's
// service worker installed, also gets the status page (not the app shell)
// for /s/; after the merchandiser revokes the link, the same page reloaded
// says the link has expired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, api, apiLogin, appFor, browserFor, signIn, shot, DESK, PHONE } from './harness.mjs';

const PO = 'NW-24022'; // Emma's confirmed demo order

const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('a merchandiser shares a status link, the customer follows the order, the link is revoked', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const emma = await apiLogin(app.base, 'emma.carter@gendan.demo');
  const found = (await api(app.base, emma.access_token, 'GET', `/api/v1/orders?q=${PO}`)).body.items;
  const order = found.find((o) => o.po_number === PO);
  assert.ok(order, `${PO} is in the demo data`);
  const bad = [];

  // The merchandiser, on a desktop: the order page's Customer link section.
  // (A context of its own, not browser.newPage(): axe opens a page of its own in it.)
  const desk = await browser.newContext(DESK);
  t.after(() => desk.close());
  const page = await desk.newPage();
  await signIn(page, app.base, 'emma.carter@gendan.demo');
  await page.waitForURL('**/dashboard');
  await page.goto(`${app.base}/orders/${order.id}`);
  const section = page.getByTestId('order-links');
  await section.getByText('No link shared yet.').waitFor();
  await section.getByTestId('links-share').click();
  const sheet = page.getByTestId('link-sheet');
  await page.getByRole('dialog', { name: 'Share status link' }).waitFor();
  assert.equal(await sheet.locator('input[name="expires_in_days"]').inputValue(), '90');
  assert.equal(await sheet.locator('input[name="show_email"]').isChecked(), true);
  assert.equal(await sheet.locator('input[name="show_phone"]').isChecked(), false);
  assert.equal(await sheet.locator('input[name="sections"]:checked').count(), 4);
  // A typo is caught before anything is sent.
  await sheet.locator('input[name="recipient_name"]').fill('Ann Lee');
  await sheet.locator('input[name="recipient_email"]').fill('ann@');
  await sheet.getByTestId('link-submit').click();
  await sheet.getByText('Not a valid e-mail address').waitFor();
  await sheet.locator('input[name="recipient_email"]').fill('ann.lee@example.com');
  await sheet.locator('input[name="expires_in_days"]').fill('30');
  bad.push(...(await axe(page, 'share-sheet')));
  await sheet.getByTestId('link-submit').click();
  const urlBox = sheet.getByTestId('link-url');
  await urlBox.waitFor();
  const url = await urlBox.inputValue();
  assert.match(url, /\/s\/[A-Za-z0-9_-]{43}$/, `the link's address: ${url}`);
  await sheet.getByText('shown only this once').waitFor();
  await shot(page, 'status-links-created', false);
  await sheet.getByTestId('link-submit').click(); // Done
  await sheet.waitFor({ state: 'hidden' });
  const row = section.getByTestId('link-row').filter({ hasText: 'Ann Lee' });
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'active');
  assert.match(await row.innerText(), /Not opened yet/);

  // What the API says the customer sees, in both languages, to check the page against.
  const token = url.split('/').pop();
  const pub = async (lang) => (await fetch(`${app.base}/api/v1/public/status/${token}?lang=${lang}`)).json();
  const [en, zh] = [await pub('en'), await pub('zh-CN')];
  assert.ok(en.progress?.length, 'the order has milestones to show');

  // The customer: a fresh browser, no login, a phone, British English.
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-GB' });
  t.after(() => ctx.close());
  const customer = await ctx.newPage();
  const res = await customer.goto(url.replace(/^https?:\/\/[^/]+/, app.base));
  assert.equal(res.status(), 200);
  assert.equal(await customer.locator('meta[name="robots"]').getAttribute('content'), 'noindex');
  await customer.getByTestId('status-po').waitFor();
  assert.equal(await customer.getByTestId('status-po').innerText(), `Order ${PO}`);
  assert.equal(await customer.evaluate(() => document.documentElement.lang), 'en');
  const steps = customer.getByTestId('status-step');
  assert.equal(await steps.count(), en.progress.length);
  await steps.first().getByText(en.progress[0].name, { exact: true }).waitFor();
  assert.match(await customer.getByTestId('status-ex-factory').innerText(), /^\d{1,2} [A-Z][a-z]{2} \d{4}$/, 'dates as en-GB writes them');
  await customer.getByText('Emma Carter').waitFor();
  assert.ok((await fits(customer)) <= 0, 'the page fits a phone');
  assert.equal(await customer.evaluate(() => !!navigator.serviceWorker?.controller), false, 'no service worker on the status page');
  bad.push(...(await axe(customer, 'status-en')));
  await shot(customer, 'status-links-phone-en');

  // 中文: the milestones come again in Chinese; <html lang> follows.
  await customer.getByRole('button', { name: '中文' }).click();
  await customer.getByTestId('status-step').first().getByText(zh.progress[0].name, { exact: true }).waitFor();
  assert.equal(await customer.getByTestId('status-po').innerText(), `订单 ${PO}`);
  assert.equal(await customer.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.match(await customer.getByTestId('status-ex-factory').innerText(), /^\d{4}年\d{1,2}月\d{1,2}日$/);
  assert.ok((await fits(customer)) <= 0, 'the Chinese page fits a phone');
  bad.push(...(await axe(customer, 'status-zh')));
  await shot(customer, 'status-links-phone-zh');

  // The merchandiser's browser has the app's service worker: /s/ is still the status page.
  await page.evaluate(() => Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 8000))]));
  const own = await page.context().newPage();
  await own.goto(url.replace(/^https?:\/\/[^/]+/, app.base));
  await own.getByTestId('status-po').waitFor();
  await own.close();

  // Revoked in the UI (after a confirm): the customer's page, reloaded, has expired.
  await row.getByTestId('link-revoke').click();
  const confirm = page.locator('.van-dialog').filter({ hasText: 'Revoke this link?' });
  await confirm.waitFor();
  await confirm.locator('.van-dialog__confirm').click();
  await section.locator('[data-testid="link-row"][data-status="revoked"]').filter({ hasText: 'Ann Lee' }).waitFor();
  assert.equal(await row.getByTestId('link-revoke').count(), 0, 'no revoke button on a revoked link');
  await customer.reload();
  const gone = customer.getByTestId('status-problem');
  await gone.waitFor();
  assert.equal(await gone.getAttribute('data-state'), 'expired');
  assert.match(await gone.innerText(), /此链接已失效/); // the reader chose Chinese; the address keeps it
  await customer.getByRole('button', { name: 'English' }).click();
  await gone.getByText('This link has expired or was withdrawn').waitFor();
  bad.push(...(await axe(customer, 'status-expired')));
  await shot(customer, 'status-links-expired', false);

  assert.deepEqual(bad, []);
});
