// Delivery risk on phones (issue 14): the merchandiser (王丽, Chinese) opens
// the dashboard and sees a late order ranked first with its reason in
// words; opens Today, logs a chase on a follow-up due (called, a new
// promised date later than the last one: it slipped again) and sees the row
// chased; finds the chase on the order page with the order's risk chart.
// The English merchandiser reads the same in English. A factory user sees
// its orders' level on its list and never a reason, and is refused the
// risk API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiLogin, inDays, shot, appFor, browserFor, staffPage, signIn, PHONE } from './harness.mjs';

// The words each reason code becomes, in each language (a code or a param
// name on screen would fail these).
const WORDS = {
  zh: {
    milestone_overdue: /比计划晚 \d+ 个工作日/, output_too_slow: /进度太慢：每天需 [\d,]+ 件/, past_ex_factory: /出厂日期已过 \d+ 天，还没出货/,
    sample_not_approved: /还没批/, no_update: /个工作日没有上报进度/, delivery_not_booked: /还没有预约出货/, inspection_failed: /不合格/, planned_late: /计划日期就已过/,
  },
  en: {
    milestone_overdue: /is \d+ working days? behind plan/, output_too_slow: /too slow: [\d,]+ a day needed/, past_ex_factory: /Ex-factory date passed \d+ days? ago/,
    sample_not_approved: /not approved/, no_update: /No report from the factory/, delivery_not_booked: /no delivery booked/, inspection_failed: /failed on/, planned_late: /already in the past/,
  },
};

const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Checks the dashboard against the API's: the first row, its level and its top reason in words; the tab counts. */
async function checkDashboard(page, base, token, lang) {
  const dash = await api(base, token, 'GET', '/api/v1/dashboard');
  assert.equal(dash.status, 200, JSON.stringify(dash.body));
  const first = dash.body.items[0];
  assert.equal(first.risk.level, 'late', 'the demo ranks a late order first');
  const row = page.getByTestId('risk-row').first();
  await row.waitFor();
  assert.equal(await row.getAttribute('data-po'), first.po_number);
  assert.equal(await row.getByTestId('risk-badge').getAttribute('data-level'), 'late');
  assert.match(await row.getByTestId('risk-badge').innerText(), lang === 'zh' ? /已延误/ : /Late/);
  const reason = await row.getByTestId('top-reason').innerText();
  assert.match(reason, WORDS[lang][first.risk.reasons[0].code], `the top reason in words: ${reason}`);
  assert.doesNotMatch(reason, /_|\{/, 'no code or placeholder on screen');
  if (lang === 'en') assert.doesNotMatch(reason, /[\u4e00-\u9fff]/, 'English words');
  for (const [level, n] of Object.entries(dash.body.counts.by_level)) {
    assert.match(await page.locator(`.tab[data-level="${level}"]`).innerText(), new RegExp(`${n}$`), `${level} count`);
  }
  return dash.body;
}

test('merchandiser on a phone: the dashboard, Today, a chase logged, the order page', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');

  const page = await staffPage(browser, app.base, 'li.wang@gendan.demo', PHONE);
  await checkDashboard(page, app.base, li.access_token, 'zh');
  // The late tab shows only late orders.
  await page.locator('.tab[data-level="late"]').click();
  await page.waitForURL(/level=late/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="risk-row"] [data-testid="risk-badge"]')].every((b) => b.dataset.level === 'late'));
  await page.getByTestId('counts-bySupplier').waitFor();
  assert.ok((await fits(page)) <= 0, 'the dashboard fits a phone');
  await shot(page, 'risk-dashboard-phone-zh');

  // Today: NW-24035's sewing is overdue, and its follow-up is due today
  // (the factory's last promise slipped already).
  await page.getByTestId('to-today').click();
  await page.waitForURL('**/today');
  const step = page.locator('[data-kind="step_overdue"] [data-testid="today-row"][data-order="NW-24035"]');
  await step.waitFor();
  assert.match(await step.innerText(), /车缝：计划 .+，已晚 \d+ 个工作日/);
  const row = page.locator('[data-kind="follow_up"] [data-testid="today-row"][data-order="NW-24035"]');
  assert.match(await row.getByTestId('slipped').innerText(), /承诺 .+，现在 .+ —— 又推迟了/);
  assert.ok((await fits(page)) <= 0, 'Today fits a phone');
  await shot(page, 'risk-today-phone-zh');

  // One tap: called, what they said, a promise later than the last one.
  const before = (await api(app.base, li.access_token, 'GET', `/api/v1/today`)).body.items
    .find((i) => i.kind === 'follow_up' && i.order.po_number === 'NW-24035');
  const promised = inDays(9);
  await row.getByTestId('chase').click();
  const sheet = page.getByTestId('chase-sheet');
  await sheet.waitFor();
  await page.getByRole('dialog', { name: '记录跟进' }).waitFor();
  await sheet.getByTestId('chase-submit').click();
  await sheet.getByText('请选择联系方式。').waitFor(); // a channel is needed
  await sheet.locator('[data-channel="called"]').click();
  assert.equal(await sheet.locator('[data-channel="called"]').getAttribute('aria-checked'), 'true');
  await sheet.locator('textarea').fill('又缺一天面料，下周三交 Fabric short again, next Wednesday');
  await sheet.locator('input[name="promised_date"]').fill(promised);
  await sheet.locator('input[name="next_follow_up"]').fill(inDays(2));
  await shot(page, 'risk-chase-sheet-phone-zh', false);
  await sheet.getByTestId('chase-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  await page.locator('[data-kind="follow_up"] [data-testid="today-row"][data-order="NW-24035"][data-state="done"]').waitFor();
  assert.match(await row.getByTestId('chased').innerText(), /已跟进 ✓/);
  await row.getByTestId('last-chase').getByText('又缺一天面料').waitFor();
  assert.match(await row.getByTestId('slipped').innerText(), /又推迟了/);
  // The order's other rows show the new chase too.
  await step.getByTestId('last-chase').getByText('又缺一天面料').waitFor();

  // The server has it: from the Today kind, the promise slipped again.
  const chases = await api(app.base, li.access_token, 'GET', `/api/v1/chases?order_id=${before.order.id}`);
  const c = chases.body.items[0];
  assert.equal(c.channel, 'called');
  assert.equal(c.topic, 'follow_up');
  assert.equal(c.promised_date, promised);
  assert.equal(c.previous_promised_date, before.last_chase.promised_date);
  assert.equal(c.next_follow_up, inDays(2));
  assert.equal(c.slipped, true);

  // The order page: the risk chart, every reason in words, the chase log.
  await row.getByRole('link', { name: 'NW-24035' }).click();
  await page.waitForURL(`**/orders/${before.order.id}`);
  const risk = page.getByTestId('order-risk');
  await risk.getByTestId('risk-reasons').waitFor();
  assert.match(await risk.getByTestId('risk-reasons').innerText(), /车缝进度太慢/);
  await risk.getByTestId('risk-timeline').waitFor();
  await risk.getByTestId('risk-output').waitFor();
  const log = page.getByTestId('chase-log');
  await log.getByText('又缺一天面料').waitFor();
  assert.match(await log.getByTestId('chase').first().innerText(), /打电话/);
  assert.match(await log.getByTestId('chase-slipped').first().innerText(), /又推迟了/);
  assert.ok((await fits(page)) <= 0, 'the order page fits a phone');
  await page.getByTestId('staff-risk').scrollIntoViewIfNeeded();
  await shot(page, 'risk-order-phone-zh', false);

  // And on the supplier's chase log.
  await page.goto(`${app.base}/suppliers`);
  await page.getByTestId('supplier-chases-open').first().waitFor();
  const sup = (await api(app.base, li.access_token, 'GET', `/api/v1/orders/${before.order.id}`)).body.supplier;
  await page.locator(`[data-testid="supplier-chases-open"][aria-label*="${sup.name}"]`).click();
  await page.getByTestId('supplier-chases').getByText('又缺一天面料').waitFor();
});

test('English merchandiser: the dashboard and Today in English', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const emma = await apiLogin(app.base, 'emma.carter@gendan.demo');
  const page = await staffPage(browser, app.base, 'emma.carter@gendan.demo', PHONE);
  await checkDashboard(page, app.base, emma.access_token, 'en');
  await shot(page, 'risk-dashboard-phone-en');
  await page.goto(`${app.base}/today`);
  await page.getByTestId('today-row').first().waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Steps overdue/);
  assert.doesNotMatch(text.replace(/[\u4e00-\u9fff]+[^\n]*\n?/g, ''), /risk\.|_overdue/, 'no keys on screen');
  await shot(page, 'risk-today-phone-en');
});

test('factory: its orders with their level, never a reason; the risk API refused', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  const list = await api(app.base, chen.access_token, 'GET', '/api/v1/orders');
  const late = list.body.items.find((o) => o.po_number === 'NW-24035');
  assert.equal(late.risk_level, 'late');
  assert.ok(!('risk' in late) && !JSON.stringify(list.body).includes('reasons'), 'no reasons in the factory’s list');
  for (const path of ['/api/v1/dashboard', `/api/v1/orders/${late.id}/risk`, '/api/v1/today', `/api/v1/chases?order_id=${late.id}`]) {
    assert.equal((await api(app.base, chen.access_token, 'GET', path)).status, 403, path);
  }

  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await signIn(page, app.base, 'chen@jinling.demo');
  await page.waitForURL('**/orders');
  const card = page.getByTestId('order-card').filter({ hasText: 'NW-24035' });
  await card.waitFor();
  const badge = card.getByTestId('risk-badge');
  assert.equal(await badge.getAttribute('data-level'), 'late');
  assert.equal((await badge.innerText()).replace(/\s+/g, ''), '‼已延误');
  const text = await page.locator('main').innerText();
  for (const words of Object.values(WORDS.zh)) assert.doesNotMatch(text, words, 'no reason on the factory’s list');
  await shot(page, 'risk-factory-orders-phone-zh');
});
