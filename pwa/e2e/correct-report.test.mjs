// A merchandiser corrects a factory's wrong report from the order's activity:
// the step follows the right figure, and the original stays in the history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, apiLogin, staffPage, inDays } from './harness.mjs';

test('merchandiser: correct a factory report from the activity', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const { access_token: tok } = await apiLogin(app.base, 'li.wang@gendan.demo');
  const api = async (path) => (await fetch(app.base + path, { headers: { Authorization: `Bearer ${tok}` } })).json();
  const order = (await api('/api/v1/orders?q=NW-24017')).items[0];
  // The factory reports 500 sewn (it was 400).
  const { access_token: chen } = await apiLogin(app.base, 'chen@jinling.demo');
  const sewing = (await api(`/api/v1/orders/${order.id}/milestones`)).items.find((m) => m.code === 'sewing');
  const res = await fetch(`${app.base}/api/v1/milestones/${sewing.id}/reports`, {
    method: 'POST', headers: { Authorization: `Bearer ${chen}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ date: inDays(0), quantity: sewing.quantity_done + 500 }),
  });
  assert.equal(res.status, 201, await res.text());

  const page = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  await page.goto(`${app.base}/orders/${order.id}`);
  const fix = page.getByTestId('correct-report').first();
  await fix.waitFor();
  await fix.click();
  const dialog = page.getByTestId('correct-dialog');
  await dialog.waitFor();
  const before = Number(await dialog.locator('input[name="quantity"]').inputValue());
  const right = Math.max(1, before - 100);
  await dialog.locator('input[name="quantity"]').fill(String(right));
  await dialog.locator('textarea[name="reason"]').fill('工厂多报了 100 件');
  await dialog.getByRole('button', { name: '更正', exact: true }).click();
  await page.getByText('报工已更正').waitFor();
  await page.getByText(`更正 ${before.toLocaleString('zh-CN')} → ${right.toLocaleString('zh-CN')}：工厂多报了 100 件`).first().waitFor();
  const ms = (await api(`/api/v1/orders/${order.id}/milestones`)).items;
  assert.equal(ms.find((m) => m.code === 'sewing').quantity_done, right, 'the step counts the corrected figure');
});
