// A merchandiser working in Chinese on a phone (王丽) sees the server's
// problems only in Chinese: the PWA translates each code with its params
// and never shows the English `message` the server sends alongside. First
// an order import with mistakes (a bad quantity, a day that does not exist,
// an unknown customer, a colour/size twice), then the order form with
// mistakes (no PO number, quantity 0, a year typed as 0207, a quantity over
// the limit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, staffPage, shot, PHONE, pickOption } from './harness.mjs';

// An English word of four letters or more: a problem text must have none
// but for the values the file itself holds (none here has four letters).
const ENGLISH = /[A-Za-z]{4,}/;

/** Collects the English `message`s of every API error the page receives. */
function serverMessages(page) {
  const seen = [];
  page.on('response', async (res) => {
    if (res.status() < 400 || !new URL(res.url()).pathname.startsWith('/api/')) return;
    try {
      const { error } = await res.json();
      for (const e of [error, ...Object.values(error.fields || {}), ...(error.rows || [])]) if (e?.message) seen.push(e.message);
    } catch {
      // not JSON
    }
  });
  return seen;
}

test('zh-CN merchandiser on a phone: import and order form problems are shown only in Chinese', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const page = await staffPage(browser, app.base, 'li.wang@gendan.demo', PHONE);
  const messages = serverMessages(page);
  const noServerText = async () => {
    const body = await page.evaluate(() => document.body.innerText);
    for (const m of messages) assert.ok(!body.includes(m), `the server's message is on the page: ${m}`);
  };

  // ---- (a) an import with mistakes, Chinese column headers ----
  const csv = '订单号,客户,供应商代码,款号,出厂日期,运输方式,颜色,尺码,数量\n' +
    'ZH-1,上海悦衣贸易有限公司,DG-HX,ST-1,2027-02-30,sea,藏青,M,100\n' + // row 2: no 30 February
    'ZH-1,上海悦衣贸易有限公司,DG-HX,ST-1,,sea,藏青,M,50\n' + // row 3: 藏青 / M again
    'ZH-2,无此客户,HZ-JL,ST-2,2027-03-01,air,红,S,abc\n'; // row 4: no such customer, not a quantity
  await page.goto(app.base + '/orders/import');
  await page.getByRole('heading', { name: '导入订单' }).waitFor();
  await page.locator('input[type="file"]').setInputFiles({ name: '订单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: '上传' }).click();
  const box = page.locator('.bad');
  await box.getByText(/未导入任何订单/).waitFor();
  const rows = await box.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  await shot(page, '80-import-errors-zh', true);

  const has = (row, column, text) => rows.some(([r, c, p]) => r === String(row) && c === column && p === text);
  assert.ok(has(2, '出厂日期', '日历上没有这一天'), `row 2, the impossible date: ${JSON.stringify(rows)}`);
  assert.ok(has(3, '尺码', '与第 2 行的颜色尺码重复（藏青 / M）'), `row 3, the repeated colour/size: ${JSON.stringify(rows)}`);
  assert.ok(has(4, '数量', '须在 1 到 10,000,000 之间'), `row 4, the bad quantity: ${JSON.stringify(rows)}`);
  assert.ok(has(4, '客户', '没有名为 无此客户 的客户'), `row 4, the unknown customer: ${JSON.stringify(rows)}`);
  for (const [, column, problem] of rows) {
    assert.doesNotMatch(problem, ENGLISH, `an English problem text: ${problem}`);
    assert.doesNotMatch(column, ENGLISH, `a column not named as the file names it: ${column}`);
  }
  assert.doesNotMatch(await box.innerText(), ENGLISH, 'English in the import problems');
  assert.ok(messages.length >= 4, 'the server sent its English messages too');
  await noServerText();

  // ---- (b) the order form with mistakes ----
  messages.length = 0;
  await page.goto(app.base + '/orders/new');
  await page.getByRole('heading', { name: '新建订单' }).waitFor();
  await pickOption(page.getByLabel('客户', { exact: true }), '上海悦衣贸易有限公司');
  await pickOption(page.getByLabel('工厂', { exact: true }), 'DG-HX');
  await page.getByLabel('款号', { exact: true }).fill('ZH-TEE-01');
  await page.getByLabel('交期', { exact: true }).fill('0207-03-01'); // 2027 typed as 0207
  await page.getByLabel('添加颜色').fill('藏青');
  await page.getByLabel('添加颜色').press('Enter');
  await page.getByLabel('添加尺码').fill('M, L');
  await page.getByLabel('添加尺码').press('Enter');
  await page.getByLabel('藏青 / M 的数量').fill('0');
  await page.getByTestId('save').click();

  // No PO number, the year 0207 and no quantity at all (0 is no line).
  const fieldErrors = page.locator('.van-field__error-message');
  await fieldErrors.filter({ hasText: '必填' }).first().waitFor();
  await fieldErrors.filter({ hasText: '须在 2000年1月1日 至 2100年12月31日 之间' }).waitFor();
  const grid = page.locator('.grid-problems');
  await grid.getByText('至少需要 1 项').waitFor();
  assert.match(page.url(), /\/orders\/new$/, 'nothing was saved');
  await shot(page, '81-order-form-errors-zh');
  const texts = async () => [...await fieldErrors.allInnerTexts(), ...await grid.allInnerTexts()].filter((s) => s.trim());
  for (const text of await texts()) assert.doesNotMatch(text, ENGLISH, `an English field error: ${text}`);
  await noServerText();

  // Entering a quantity takes the grid's "no line" problem away at once.
  await page.getByLabel('藏青 / M 的数量').fill('100');
  await grid.getByText('至少需要 1 项').waitFor({ state: 'detached' });

  // A quantity over the limit marks its cell.
  await page.getByLabel('藏青 / L 的数量').fill('20000000');
  await page.getByTestId('save').click();
  await grid.getByText('藏青 / L：须在 1 到 10,000,000 之间').waitFor();
  assert.equal(await page.locator('input[aria-invalid="true"]').getAttribute('aria-label'), '藏青 / L 的数量');
  for (const text of await texts()) assert.doesNotMatch(text, ENGLISH, `an English field error: ${text}`);
  await noServerText();
  await shot(page, '82-order-form-cell-error-zh');
});
