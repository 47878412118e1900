// The whole sample loop in the browser, both sides through their screens:
// the factory submits a PP round from a phone; the merchandiser circles a
// fault and rejects it on the desktop; the factory sees the comment and the
// mark and submits round 2; the merchandiser approves it, which completes
// the order's PP milestone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiLogin, root, phone, shot, appFor, browserFor, openFactoryOrder, staffPage } from './harness.mjs';

const photo = join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg');

async function factorySubmits(page, note) {
  const samples = page.getByTestId('samples');
  const sheet = page.getByTestId('sample-sheet');
  await sheet.waitFor();
  if ((await sheet.getByRole('radio', { name: '产前样' }).getAttribute('aria-checked')) !== 'true') {
    await sheet.getByRole('radio', { name: '产前样' }).click();
  }
  await sheet.locator('input[type="file"]').setInputFiles(photo);
  await sheet.getByTestId('photo-thumb').waitFor();
  await sheet.getByLabel('备注').fill(note);
  await sheet.getByTestId('sample-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  return samples.locator('[data-sample-type="pp"]');
}

async function merchandiserDecides(page, base, note, decide) {
  await page.goto(`${base}/approvals`);
  // Every merchandiser's queue, not only this one's: the switch asks for all=true.
  const everyone = page.getByRole('switch', { name: '所有跟单员的订单' });
  const all = page.waitForResponse((r) => r.url().includes('/api/v1/approvals?all=true') && r.ok());
  await everyone.click();
  await all;
  assert.equal(await everyone.getAttribute('aria-checked'), 'true');
  const row = page.locator('a[href^="/approvals/"]').filter({ hasText: 'NW-24017' }).first();
  await row.click();
  await page.waitForURL(/\/approvals\/\d+$/);
  await page.getByText(note).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.current .annotator img')].every((i) => i.complete && i.naturalWidth > 0));
  await decide();
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.waitForURL(/\/approvals$/);
}

test('sample loop: factory submits, merchandiser rejects with a mark, factory resubmits, merchandiser approves', async (t) => {
  const app = await appFor(t);
  const { page: f } = await phone(t);
  const browser = await browserFor(t);

  // Factory, on the phone: round 1.
  const orderId = await openFactoryOrder(f, app.base);
  await f.getByTestId('sample-new').click();
  const pp = await factorySubmits(f, '产前样第一轮 PP round 1');
  await pp.locator('[data-round="1"]').getByText('待审').waitFor();

  // Merchandiser, on the desktop: circle the fault and reject.
  const m = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  await merchandiserDecides(m, app.base, '产前样第一轮 PP round 1', async () => {
    await m.getByRole('button', { name: '圆圈' }).click();
    const box = await m.locator('.current [data-testid="annotator"]').first().boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await m.mouse.move(cx, cy);
    await m.mouse.down();
    await m.mouse.move(cx + 40, cy + 15, { steps: 5 });
    await m.mouse.up();
    await m.locator('.current [data-testid="annotator"] circle').first().waitFor();
    await m.getByRole('radio', { name: '驳回' }).click();
    await m.locator('textarea[name="comment"]').fill('领口缝线不齐，请重做');
  });

  // Factory: the comment and the mark are there; round 2.
  await f.reload();
  await pp.locator('[data-round="1"]').getByText('退回').waitFor();
  await pp.getByTestId('sample-comment').getByText('领口缝线不齐，请重做').waitFor();
  await pp.locator('[data-testid="annotation-overlay"] circle').first().waitFor();
  await shot(f, '70-loop-factory-returned');
  await pp.getByTestId('sample-resubmit').click();
  await factorySubmits(f, '产前样第二轮 PP round 2');
  await pp.locator('[data-round="2"]').getByText('待审').waitFor();

  // Merchandiser approves round 2.
  await merchandiserDecides(m, app.base, '产前样第二轮 PP round 2', async () => {
    await m.getByRole('radio', { name: '通过', exact: true }).click();
  });

  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const auth = { Authorization: `Bearer ${li.access_token}` };
  const group = (await (await fetch(`${app.base}/api/v1/orders/${orderId}/samples`, { headers: auth })).json()).items.find((g) => g.type === 'pp');
  const byRound = Object.fromEntries(group.rounds.map((r) => [r.round, r]));
  assert.equal(byRound[1].status, 'rejected');
  assert.equal(byRound[1].decision.annotations.length, 1);
  assert.equal(byRound[2].status, 'approved');
  const steps = (await (await fetch(`${app.base}/api/v1/orders/${orderId}/milestones`, { headers: auth })).json()).items;
  assert.equal(steps.find((s) => s.code === 'pp_sample').status, 'done');

  // The merchandiser's activity feed describes the sample events in words,
  // never as their codes.
  await m.goto(`${app.base}/orders/${orderId}`);
  const feed = m.locator('.ev-icon').first();
  await feed.waitFor();
  await m.getByText(/样品第 2 轮/).first().waitFor();
  const text = await m.locator('main').innerText();
  for (const kind of ['sample_submitted', 'sample_decided', 'milestone_completed']) {
    assert.ok(!text.includes(kind), `the activity shows the raw kind ${kind}`);
  }

  // The order page lists the PP rounds with status, comment and photo; a
  // round opens its review.
  const samples = m.getByTestId('order-samples').locator('[data-sample-type="pp"]');
  await samples.getByText('产前样').waitFor();
  await samples.getByText('领口缝线不齐，请重做').waitFor();
  await samples.getByText('已驳回').waitFor();
  assert.equal(await samples.locator('img.thumb').count(), 2);
  await samples.getByRole('link', { name: /第 1 轮/ }).click();
  await m.waitForURL(new RegExp(`/approvals/${byRound[1].id}$`));
  await m.getByText('产前样第一轮 PP round 1').waitFor();
  await m.goBack();
  await m.getByTestId('order-samples').waitFor();
  await shot(m, '72-loop-staff-order-samples');

  // The factory sees the approval.
  await f.reload();
  await pp.locator('[data-round="2"]').getByText('已批').waitFor();
  await shot(f, '71-loop-factory-approved');
});
