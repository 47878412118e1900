// On a slow link the report sheet says how far its photo's upload is and
// that the app may be closed (it used to show a bare spinner for ~20 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appFor, browserFor, PHONE, openFactoryOrder, root, shot } from './harness.mjs';

test('factory: a report with a photo on a 50 KB/s link shows its upload percentage', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const ctx = await browser.newContext(PHONE);
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await openFactoryOrder(page, app.base);
  const sewing = page.locator('[data-step="sewing"]');
  await sewing.click();
  const sheet = page.getByTestId('report-sheet');
  await sheet.waitFor();
  await sheet.getByLabel('累计数量').fill('1300');
  await sheet.locator('input[type="file"]').setInputFiles(join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg'));
  await sheet.getByTestId('photo-thumb').waitFor();

  // A 3G-class link: 400 ms latency, 50 KB/s each way.
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 });
  await sheet.getByTestId('report-submit').click();
  const progress = sheet.getByTestId('report-progress');
  await progress.waitFor({ timeout: 20000 });
  const first = await progress.innerText();
  assert.match(first, /照片 1\/1 · \d+%/);
  assert.match(first, /可以关闭应用/);
  await shot(page, '45-factory-report-uploading', false);

  // Back to full speed: it is delivered and the sheet closes.
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await sheet.waitFor({ state: 'hidden', timeout: 30000 });
  await sewing.getByText(/1300/).first().waitFor();
});
