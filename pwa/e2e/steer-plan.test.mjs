// Staff steer the plan from the order page: 王丽 (Chinese) marks a step not
// applicable with a reason, Emma (English) marks another done on a date;
// the rows follow the server's status and the activity says who did what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, apiLogin, staffPage, shot } from './harness.mjs';

test('staff mark a step not applicable and one done', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const { access_token: tok } = await apiLogin(app.base, 'li.wang@gendan.demo');
  const api = async (path) => (await fetch(app.base + path, { headers: { Authorization: `Bearer ${tok}` } })).json();
  const id = (await api('/api/v1/orders?q=NW-24017')).items[0].id;
  const open = (await api(`/api/v1/orders/${id}/milestones`)).items.filter((m) => m.actions.includes('skip'));
  assert.ok(open.length >= 2, 'two steps still to do');
  const [na, done] = [open[open.length - 1], open[open.length - 2]];

  // Not applicable, in Chinese: the reason is required.
  const zh = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  await zh.goto(`${app.base}/orders/${id}`);
  await zh.getByRole('button', { name: `将「${na.name}」标为不适用` }).click();
  const dlg = zh.getByTestId('steer-dialog');
  await dlg.getByRole('button', { name: '不适用' }).click();
  await dlg.getByText('为必填项').or(dlg.locator('.van-field__error-message')).first().waitFor();
  await dlg.locator('textarea[name="reason"]').fill('客户不要船样');
  await dlg.getByRole('button', { name: '不适用' }).click();
  await dlg.waitFor({ state: 'hidden' });
  const naRow = zh.getByTestId('milestone').filter({ hasText: na.name });
  await naRow.locator('.van-tag', { hasText: '不适用' }).waitFor();
  assert.equal(await naRow.getByRole('button', { name: `将「${na.name}」标为完成` }).count(), 0, 'no more actions on it');
  // The activity line starts with who did it (the dialog's title does not).
  await zh.getByText(new RegExp(`.+ 将「${na.name}」标为不适用`)).waitFor();
  await zh.getByText('客户不要船样').waitFor();
  await shot(zh, 'steer-not-applicable-zh');

  // Done, in English, on today's date (the dialog's default).
  const en = await staffPage(browser, app.base, 'emma.carter@gendan.demo');
  await en.goto(`${app.base}/orders/${id}`);
  await en.getByRole('button', { name: `Mark ${done.name_en} done` }).click();
  const d2 = en.getByTestId('steer-dialog');
  await d2.locator('input[name="date"]').waitFor();
  await d2.getByRole('button', { name: 'Done' }).click();
  await d2.waitFor({ state: 'hidden' });
  const doneRow = en.getByTestId('milestone').filter({ hasText: done.name_en });
  await doneRow.locator('.van-tag', { hasText: 'Done' }).waitFor();
  await en.getByText(new RegExp(`.+ marked ${done.name_en} done \\(`)).waitFor();
  await en.getByTestId('milestone').filter({ hasText: na.name_en }).locator('.van-tag', { hasText: 'Not applicable' }).waitFor();
  const after = (await api(`/api/v1/orders/${id}/milestones`)).items;
  assert.equal(after.find((m) => m.id === na.id).status, 'not_applicable');
  assert.equal(after.find((m) => m.id === done.id).status, 'done');
  await shot(en, 'steer-done-en');
});
