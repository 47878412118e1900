// The PWA shell on a phone: sign in as factory staff, switch language, queue
// a change offline and see it delivered once when back online, reopen
// offline, and check the app is installable and keeps no token in storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumpStorage, countRequests, apiLogin, until, shot, phone, appFor } from './harness.mjs';

async function noJWT(page, when) {
  const all = await dumpStorage(page);
  assert.ok(!all.includes('eyJ'), `a JWT is in browser storage ${when}`);
}

test('factory user: login, language, offline outbox, offline reload, installable, no token stored', async (t) => {
  const app = await appFor(t);
  const { ctx, page } = await phone(t);

  // Sign in (the demo factory user speaks Chinese).
  await page.goto(app.base + '/');
  await page.waitForURL('**/login**');
  await shot(page, '01-login');
  await page.getByLabel('邮箱或手机号').fill('chen@jinling.demo');
  await page.getByLabel('密码').fill('gendan-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/orders');
  await page.getByText('杭州锦绫服饰有限公司').waitFor();
  await page.getByText('NW-24017').waitFor(); // the factory's order list (demo data)
  await shot(page, '02-orders-zh');
  await noJWT(page, 'after login');

  // Installable: the service worker controls the page and Chrome sees no
  // installability errors.
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await ctx.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'installability errors');
  const manifest = await (await fetch(app.base + '/manifest.webmanifest')).json();
  assert.equal(manifest.display, 'standalone');
  assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));

  // Switch to English in Me.
  await page.getByRole('tab', { name: '我的' }).click();
  await page.getByTestId('language').click();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('tab', { name: 'Orders' }).waitFor();
  await shot(page, '03-me-en');
  const server = await apiLogin(app.base, 'chen@jinling.demo');
  assert.equal(server.user.locale, 'en', 'the language choice reached the server');

  // Offline: change the name; it waits in the outbox.
  await ctx.setOffline(true);
  await page.getByText('You are offline').first().waitFor();
  await page.getByText('Name', { exact: true }).click();
  const field = page.getByPlaceholder('Your name');
  await field.fill('陈建华（离线）');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('tab', { name: /Outbox/ }).click();
  await page.locator('[data-state]').first().waitFor();
  assert.equal(await page.locator('.van-tabbar .van-badge').innerText(), '1');
  await shot(page, '04-outbox-offline');
  await noJWT(page, 'with a write queued offline');
  assert.equal(countRequests(app.output(), 'PATCH', '/api/v1/me'), 1, 'only the language change reached the server so far');

  // Online again: the write is delivered, once.
  await ctx.setOffline(false);
  await page.getByText('Everything has been sent.').waitFor({ timeout: 20000 });
  const name = await until(async () => {
    const s = await apiLogin(app.base, 'chen@jinling.demo');
    return s.user.name === '陈建华（离线）' && s.user.name;
  }, 'the name change on the server');
  assert.equal(name, '陈建华（离线）');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(countRequests(app.output(), 'PATCH', '/api/v1/me', 200), 2, 'language + name, each delivered exactly once');

  // Reload offline: the shell opens from the service worker's cache.
  await ctx.setOffline(true);
  await page.reload();
  await page.getByRole('tab', { name: 'Orders' }).waitFor();
  await page.getByText('You are offline').first().waitFor();
  await shot(page, '05-offline-reload');
  await noJWT(page, 'after an offline reload');
  await ctx.setOffline(false);
});
