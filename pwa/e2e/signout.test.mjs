// Signing out from Me on a phone ends on the login screen with no script
// error (Me used to read session.user.name after logout: a TypeError).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, PHONE, signIn } from './harness.mjs';

test('factory user: sign out from Me without a script error', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const page = await browser.newPage(PHONE);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && /TypeError/.test(m.text())) errors.push(m.text()); });

  await signIn(page, app.base, 'chen@jinling.demo');
  await page.waitForURL('**/orders');
  await page.goto(app.base + '/me');
  await page.getByText('陈建华').first().waitFor();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/login');
  await page.locator('input[name="login"]').waitFor();
  await page.waitForTimeout(300); // a late render after logout would throw now
  assert.deepEqual(errors, []);
});
