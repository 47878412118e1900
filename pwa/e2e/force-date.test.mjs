// A planned date after the ex-factory date is refused until the merchandiser
// says so: the screen asks, and "save anyway" sends it with force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, apiLogin, staffPage } from './harness.mjs';

test('merchandiser: moving a step after the ex-factory date asks first, then saves with force', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const { access_token: tok } = await apiLogin(app.base, 'li.wang@gendan.demo');
  const api = async (path) => (await fetch(app.base + path, { headers: { Authorization: `Bearer ${tok}` } })).json();
  const order = (await api('/api/v1/orders?q=NW-24017')).items[0];
  const steps = (await api(`/api/v1/orders/${order.id}/milestones`)).items;
  const step = steps.find((m) => m.actions.includes('reschedule') && m.code === 'packing');
  assert.ok(step, 'the packing step can be moved');
  const after = new Date(Date.parse(order.ex_factory_date + 'T00:00:00Z') + 5 * 86_400_000).toISOString().slice(0, 10);

  const page = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  await page.goto(`${app.base}/orders/${order.id}`);
  const name = step.name;
  await page.getByRole('button', { name: `改期：「${name}」的计划日期` }).click();
  await page.getByLabel(`「${name}」的新计划日期`).fill(after);
  await page.getByRole('button', { name: '保存', exact: true }).first().click();
  const dialog = page.getByRole('dialog').filter({ hasText: '仍要按此日期保存吗？' });
  await dialog.waitFor();
  // Nothing moved before the answer.
  assert.equal((await api(`/api/v1/orders/${order.id}/milestones`)).items.find((m) => m.id === step.id).planned_date, step.planned_date);
  await dialog.getByRole('button', { name: '仍然保存' }).click();
  await page.getByText('计划日期已修改').waitFor();
  assert.equal((await api(`/api/v1/orders/${order.id}/milestones`)).items.find((m) => m.id === step.id).planned_date, after);
});
