// Notification settings and chat-group robots on a phone (issue 16). The
// factory user (Chinese) opens the settings from the notifications page,
// turns Web Push off for order comments, sets quiet hours 22:00–07:00,
// saves, reloads and sees them kept (and the API says so); registers a
// WeCom group robot — a bad host shows the field error, the right one is
// listed with its hint but never its key — and removes it. axe finds no
// critical or serious violation on both screens, in Chinese (the factory
// user, li.wang) and English (emma.carter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, api, apiLogin, appFor, browserFor, signIn, shot, until, PHONE } from './harness.mjs';

const HOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key-123';
const KIND = 'comment_added';


const checked = async (loc) => (await loc.getAttribute('aria-checked')) === 'true';

test('a factory user keeps notification settings and registers and removes a group robot', async (t) => {
  const app = await appFor(t);
  const factory = await apiLogin(app.base, 'chen@jinling.demo');
  const probe = await api(app.base, factory.access_token, 'GET', '/api/v1/me/notification-settings');
  assert.equal(probe.status, 200, `settings: ${JSON.stringify(probe.body)}`);

  const browser = await browserFor(t);
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await signIn(page, app.base, 'chen@jinling.demo');
  await page.waitForURL('**/orders');
  const problems = [];

  // From the notifications page's header to the settings.
  await page.goto(app.base + '/notifications');
  await page.getByTestId('notify-settings-link').click();
  await page.waitForURL('**/notifications/settings');
  const sw = page.getByTestId(`switch-webpush-${KIND}`);
  await sw.waitFor();
  assert.equal(await checked(sw), true, 'push is on for every kind at first');
  assert.equal(await page.getByTestId(`switch-email-${KIND}`).count(), 0, 'no e-mail column for a factory user');
  assert.match(await page.getByTestId('in-app-kept').innerText(), /应用内通知/);
  assert.match(await page.getByTestId('quiet-zone').innerText(), /Asia\/Shanghai/);
  problems.push(...await axe(page, 'nset-settings-factory-zh'));

  // Push off for comments; quiet hours 22:00–07:00; save.
  await sw.click();
  assert.equal(await checked(sw), false);
  await page.getByTestId('quiet-toggle').click();
  await page.getByTestId('quiet-from').fill('22:00');
  await page.getByTestId('quiet-to').fill('07:00');
  const [put] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/me/notification-settings') && r.request().method() === 'PUT'),
    page.getByTestId('settings-save').click(),
  ]);
  assert.equal(put.status(), 200, await put.text());
  assert.deepEqual(put.request().postDataJSON(), { disabled: { email: [], webpush: [KIND] }, quiet_hours: { from: '22:00', to: '07:00' } });
  await shot(page, 'nset-01-saved', false);

  const saved = await api(app.base, factory.access_token, 'GET', '/api/v1/me/notification-settings');
  assert.deepEqual(saved.body.disabled.webpush, [KIND]);
  assert.deepEqual(saved.body.quiet_hours, { from: '22:00', to: '07:00' });

  // Kept across a reload.
  await page.reload();
  await sw.waitFor();
  assert.equal(await checked(sw), false, 'push stays off for comments');
  assert.equal(await checked(page.getByTestId('switch-webpush-risk_worse')), true);
  assert.equal(await checked(page.getByTestId('quiet-toggle')), true);
  assert.equal(await page.getByTestId('quiet-from').inputValue(), '22:00');
  assert.equal(await page.getByTestId('quiet-to').inputValue(), '07:00');

  // The robots, linked from the settings.
  await page.getByTestId('robots-link').click();
  await page.waitForURL('**/notifications/robots');
  await page.getByTestId('robot-add').waitFor();
  problems.push(...await axe(page, 'nset-robots-factory-zh'));
  await page.getByTestId('robot-add').click();
  const sheet = page.getByTestId('robot-sheet');
  await sheet.waitFor();
  await sheet.locator('input[name="name"]').fill('生产群');
  await page.getByTestId('platform-dingtalk').check();
  assert.match(await page.getByTestId('dingtalk-sign').innerText(), /加签/);
  problems.push(...await axe(page, 'nset-robot-sheet-zh'));
  await page.getByTestId('platform-wecom').check();

  // A bad host: the field error at the webhook, nothing registered.
  await sheet.locator('input[name="webhook"]').fill('https://example.com/cgi-bin/webhook/send?key=test-key-123');
  await page.getByTestId('robot-submit').click();
  const hookErr = page.getByTestId('webhook-error');
  await until(async () => (await hookErr.innerText()).trim() || null, 'the webhook field error');
  assert.match(await hookErr.innerText(), /企业微信/);
  assert.equal(await sheet.locator('input[name="webhook"]').getAttribute('aria-invalid'), 'true');
  await shot(page, 'nset-02-bad-host', false);
  assert.deepEqual((await api(app.base, factory.access_token, 'GET', '/api/v1/robots')).body.items, []);

  // The right one: listed with its hint, never its key.
  await sheet.locator('input[name="webhook"]').fill(HOOK);
  const [post] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/robots') && r.request().method() === 'POST'),
    page.getByTestId('robot-submit').click(),
  ]);
  assert.equal(post.status(), 201, await post.text());
  assert.deepEqual(post.request().postDataJSON(), { name: '生产群', platform: 'wecom', webhook: HOOK, language: 'zh-CN', events: [] });
  const card = page.getByTestId('robot').filter({ hasText: '生产群' });
  await card.waitFor();
  await sheet.waitFor({ state: 'hidden' });
  assert.match(await card.innerText(), /qyapi\.weixin\.qq\.com\/cgi-bin\/webhook/);
  assert.match(await card.innerText(), /企业微信/);
  assert.ok(!(await page.content()).includes('test-key-123'), 'the key is nowhere on the page');
  const listed = await api(app.base, factory.access_token, 'GET', '/api/v1/robots');
  assert.equal(listed.body.items.length, 1);
  assert.ok(!JSON.stringify(listed.body).includes('test-key-123'), 'nor in the API');
  await shot(page, 'nset-03-robot', false);

  // The form was blanked: reopening shows no webhook.
  await page.getByTestId('robot-add').click();
  await sheet.waitFor();
  assert.equal(await sheet.locator('input[name="webhook"]').inputValue(), '');
  await sheet.getByRole('button', { name: '关闭' }).first().click().catch(() => page.keyboard.press('Escape'));
  await sheet.waitFor({ state: 'hidden' });

  // Removed after a confirm.
  await card.getByTestId('robot-remove').click();
  await page.locator('.van-dialog__confirm').click();
  await card.waitFor({ state: 'detached' });
  assert.deepEqual((await api(app.base, factory.access_token, 'GET', '/api/v1/robots')).body.items, []);

  // Staff in both languages: both screens pass axe.
  for (const [login, locale] of [['li.wang@gendan.demo', 'zh'], ['emma.carter@gendan.demo', 'en']]) {
    const c = await browser.newContext({ ...PHONE, locale: locale === 'zh' ? 'zh-CN' : 'en-GB' });
    t.after(() => c.close());
    const p = await c.newPage();
    await signIn(p, app.base, login);
    await p.waitForURL('**/dashboard');
    await p.goto(app.base + '/notifications/settings');
    await p.getByTestId(`switch-email-${KIND}`).waitFor();
    assert.match(await p.locator('h1').first().innerText(), locale === 'zh' ? /通知设置/ : /Notification settings/);
    problems.push(...await axe(p, `nset-settings-${locale}`));
    await p.goto(app.base + '/notifications/robots');
    await p.getByTestId('robot-add').waitFor();
    problems.push(...await axe(p, `nset-robots-${locale}`));
    await p.getByTestId('robot-add').click();
    await p.getByTestId('robot-sheet').locator('select[name="supplier_id"]').waitFor();
    problems.push(...await axe(p, `nset-robot-sheet-${locale}`));
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
