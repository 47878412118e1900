// Sample approval: the factory submits a PP round, the merchandiser circles
// a fault on the photo and rejects it; round 2 is approved and completes the
// order's PP milestone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiLogin, root, shot, PHONE, appFor, browserFor, staffPage } from './harness.mjs';

test('merchandiser: reject a PP round with a circle, then approve round 2', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);

  const api = async (token, method, url, body) => {
    const res = await fetch(app.base + url, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, data: await res.json().catch(() => null) };
  };
  const { access_token: chen } = await apiLogin(app.base, 'chen@jinling.demo');
  const { access_token: li } = await apiLogin(app.base, 'li.wang@gendan.demo');
  const jpg = readFileSync(join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg'));
  async function submitRound(note) {
    const form = new FormData();
    form.append('file', new Blob([jpg], { type: 'image/jpeg' }), 'photo.jpg');
    const up = await fetch(`${app.base}/api/v1/photos`, { method: 'POST', headers: { Authorization: `Bearer ${chen}` }, body: form });
    assert.equal(up.status, 201, 'photo uploaded');
    const photo = await up.json();
    const r = await api(chen, 'POST', `/api/v1/orders/${orderId}/samples`, { type: 'pp', note, photo_ids: [photo.id] });
    assert.equal(r.status, 201, `round submitted: ${JSON.stringify(r.data)}`);
    return r.data;
  }
  const orders = await api(chen, 'GET', '/api/v1/orders?q=NW-24017');
  const orderId = orders.data.items[0].id;

  const first = await submitRound('产前样第一次 PP sample 1');

  // 王丽 on the desktop opens the queue and the round.
  const page = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  await page.goto(`${app.base}/approvals`);
  const link = page.locator(`a[href="/approvals/${first.id}"]`);
  await link.waitFor();
  // The link is named by what it shows (PO, style, type, round), not by an aria-label that hides it.
  assert.match(await link.innerText(), /NW-24017/);
  assert.equal(await link.getAttribute('aria-label'), null);
  await page.waitForFunction(() => [...document.querySelectorAll('.queue img')].every((i) => i.complete && i.naturalWidth > 0));
  await shot(page, '60-approvals-queue');
  await link.click();
  await page.waitForURL(`**/approvals/${first.id}`);
  await page.getByText('产前样第一次 PP sample 1').waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.current .annotator img')].every((i) => i.complete && i.naturalWidth > 0));

  // Draw one circle with the mouse.
  await page.getByRole('button', { name: '圆圈' }).click();
  const overlay = page.locator('.current [data-testid="annotator"]').first();
  const box = await overlay.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 30, cy + 10, { steps: 4 });
  await page.mouse.move(cx + 60, cy + 20, { steps: 4 });
  await page.mouse.up();
  await page.locator('.current [data-testid="annotator"] circle').first().waitFor();
  await page.getByTestId('marks').waitFor();

  // Reject without a comment is refused before anything is sent.
  await page.getByRole('radio', { name: '驳回' }).click();
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.getByText('请填写此审批的意见').waitFor();
  await page.locator('textarea[name="comment"]').fill('领口缝线不齐，请重做 Neckline stitching uneven');
  await shot(page, '60-approvals-review-reject');
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.waitForURL(/\/approvals$/);

  const rejected = (await api(li, 'GET', `/api/v1/samples/${first.id}`)).data;
  assert.equal(rejected.status, 'rejected');
  assert.equal(rejected.decision.comment, '领口缝线不齐，请重做 Neckline stitching uneven');
  assert.equal(rejected.decision.annotations.length, 1, JSON.stringify(rejected.decision.annotations));
  const circle = rejected.decision.annotations[0];
  assert.equal(circle.type, 'circle');
  assert.equal(circle.photo_id, first.photos[0].id);
  assert.ok(circle.r > 0 && circle.x > 0.3 && circle.x < 0.7 && circle.y > 0.3 && circle.y < 0.7, JSON.stringify(circle));

  // Round 2 comes in; the previous round shows beside it; approve it.
  const second = await submitRound('产前样第二次 PP sample 2');
  assert.equal(second.round, first.round + 1);
  await page.goto(`${app.base}/approvals`);
  await page.locator(`a[href="/approvals/${second.id}"]`).click();
  await page.waitForURL(`**/approvals/${second.id}`);
  await page.getByText('产前样第二次 PP sample 2').waitFor();
  await page.getByText('领口缝线不齐，请重做 Neckline stitching uneven').waitFor();
  await page.locator('.previous [data-testid="annotator"] circle').waitFor();
  await page.getByRole('radio', { name: '通过', exact: true }).click();
  await shot(page, '60-approvals-review-approve');
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.waitForURL(/\/approvals$/);

  const approved = (await api(li, 'GET', `/api/v1/samples/${second.id}`)).data;
  assert.equal(approved.status, 'approved');
  const steps = (await api(li, 'GET', `/api/v1/orders/${orderId}/milestones`)).data.items;
  const pp = steps.find((m) => m.code === 'pp_sample');
  assert.ok(pp, 'the order has a PP sample milestone');
  assert.equal(pp.status, 'done');

  // The phone layout of a review (previous round below).
  const phone = await staffPage(browser, app.base, 'li.wang@gendan.demo', PHONE);
  await phone.goto(`${app.base}/approvals/${second.id}`);
  await phone.getByText('产前样第二次 PP sample 2').waitFor();
  await shot(phone, '60-approvals-review-phone');
});
