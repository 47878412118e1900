// An import whose only problem is an ex-factory date already past is refused
// with that problem; "import anyway" sends it again with force and creates it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, apiLogin, staffPage } from './harness.mjs';

test('merchandiser: import anyway when the only problem is a past ex-factory date', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const page = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  const csv = '订单号,客户,供应商代码,款号,出厂日期,运输方式,颜色,尺码,数量\n' +
    'PAST-1,上海悦衣贸易有限公司,DG-HX,ST-1,2024-03-01,sea,藏青,M,100\n';
  await page.goto(app.base + '/orders/import');
  await page.getByRole('heading', { name: '导入订单' }).waitFor();
  await page.locator('input[type="file"]').setInputFiles({ name: '订单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: '上传' }).click();
  const anyway = page.getByTestId('import-anyway');
  await anyway.waitFor();
  const { access_token: tok } = await apiLogin(app.base, 'li.wang@gendan.demo');
  const find = async () => (await (await fetch(`${app.base}/api/v1/orders?q=PAST-1`, { headers: { Authorization: `Bearer ${tok}` } })).json()).items;
  assert.equal((await find()).length, 0, 'nothing imported before the answer');
  await anyway.click();
  await page.getByRole('button', { name: /草稿/ }).first().waitFor();
  assert.equal((await find()).length, 1, 'imported with force');
});
