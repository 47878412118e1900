// The admin screens of issue 16 on a phone: the escalation ladder and the
// failed sends. The admin (English) opens the ladder from the settings
// page, sets step 1 to 0 hours and sees the server's range error at that
// field, fixes it, names a merchandiser on step 2, saves, and a reload (and
// the API) shows it kept. A failed send is made for real: the server
// e-mails through a local SMTP sink that refuses the recipient (550, which
// the dispatcher gives up on at once); the admin sees it in the failed
// sends, the sink is told to accept, Retry queues it again and it is
// delivered. A merchandiser (Chinese) sees the ladder read-only and no
// failed sends link; an admin in Chinese sees the empty states. axe finds
// no critical or serious violation on both screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { axe, api, apiLogin, appFor, browserFor, signIn, shot, until, PHONE } from './harness.mjs';


/**
 * A minimal SMTP relay on a loopback port: it answers every command, and
 * refuses RCPT TO with a 550 while `refuse` is true. `delivered` lists the
 * recipients of the messages it accepted.
 */
async function smtpSink(t) {
  const sink = { refuse: true, delivered: [], port: 0 };
  const server = createServer((sock) => {
    let buf = '';
    let data = false;
    let rcpt = '';
    const say = (line) => sock.write(line + '\r\n');
    say('220 sink ESMTP');
    sock.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (let i; (i = buf.indexOf('\r\n')) >= 0;) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data) {
          if (line === '.') {
            data = false;
            sink.delivered.push(rcpt);
            say('250 2.0.0 queued');
          }
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') say('250 sink');
        else if (cmd === 'RCPT') {
          rcpt = (/<([^>]*)>/.exec(line) || [])[1] || '';
          say(sink.refuse ? '550 5.1.1 no such mailbox here' : '250 2.1.5 ok');
        } else if (cmd === 'DATA') {
          data = true;
          say('354 go ahead');
        } else if (cmd === 'QUIT') {
          say('221 bye');
          sock.end();
        } else say('250 ok');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  sink.port = server.address().port;
  t.after(() => new Promise((ok) => server.close(ok)));
  return sink;
}

test('admins edit the escalation ladder and retry a failed send; merchandisers read the ladder', async (t) => {
  const sink = await smtpSink(t);
  const app = await appFor(t, {
    GENDAN_SMTP_HOST: '127.0.0.1', GENDAN_SMTP_PORT: String(sink.port), GENDAN_SMTP_STARTTLS: 'false',
    GENDAN_SMTP_FROM: 'gendan@test.example', GENDAN_NOTIFY_EVERY: '200ms',
  });
  const admin = await apiLogin(app.base, 'admin@gendan.demo');
  const ladder0 = await api(app.base, admin.access_token, 'GET', '/api/v1/escalation-steps');
  assert.equal(ladder0.status, 200, JSON.stringify(ladder0.body));
  assert.deepEqual(ladder0.body.steps.map((s) => s.after_hours), [48, 96], 'the default ladder');
  const users = (await api(app.base, admin.access_token, 'GET', '/api/v1/users?limit=200')).body.items;
  const emma = users.find((u) => u.email === 'emma.carter@gendan.demo');

  // A failed send: the factory comments on NW-24017, Li Wang is e-mailed,
  // the sink refuses the address and the dispatcher gives up.
  const factory = await apiLogin(app.base, 'chen@jinling.demo');
  const order = (await api(app.base, factory.access_token, 'GET', '/api/v1/orders?q=NW-24017')).body.items[0];
  const posted = await api(app.base, factory.access_token, 'POST', `/api/v1/orders/${order.id}/comments`, { body: '面料已到厂' });
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  const failed = await until(async () => {
    const r = await api(app.base, admin.access_token, 'GET', '/api/v1/notification-failures');
    return r.body.items?.find((x) => x.kind === 'comment_added' && x.target === 'li.wang@gendan.demo');
  }, 'the failed e-mail to Li Wang');
  assert.equal(failed.channel, 'email');
  assert.deepEqual(failed.actions, ['retry']);

  const browser = await browserFor(t);
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-GB' });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await signIn(page, app.base, 'admin@gendan.demo');
  await page.waitForURL('**/dashboard');
  const problems = [];

  // From the settings page to the ladder.
  await page.goto(app.base + '/settings');
  await page.getByTestId('failures-link').waitFor();
  await page.getByTestId('escalation-link').click();
  await page.waitForURL('**/notifications/escalation');
  const steps = page.getByTestId('step');
  await steps.first().waitFor();
  assert.equal(await steps.count(), 2);
  assert.match(await page.getByTestId('escalation-intro').innerText(), /has not answered/);
  const hours = (i) => steps.nth(i).getByTestId('step-hours');
  assert.equal(await hours(0).inputValue(), '48');
  assert.equal(await hours(1).inputValue(), '96');
  assert.equal(await steps.nth(1).getByTestId('step-admins').getAttribute('aria-checked'), 'true');
  problems.push(...await axe(page, 'nadmin-escalation-en'));

  const putLadder = () => page.waitForResponse((r) => r.url().endsWith('/api/v1/escalation-steps') && r.request().method() === 'PUT');

  // Step 1 at 0 hours: the server's range error at step 1's hours.
  await hours(0).fill('0');
  let [put] = await Promise.all([putLadder(), page.getByTestId('escalation-save').click()]);
  assert.equal(put.status(), 422, await put.text());
  const hoursErr = steps.nth(0).getByTestId('step-hours-error');
  await until(async () => (await hoursErr.innerText()).trim() || null, 'the hours field error');
  assert.match(await hoursErr.innerText(), /1.*720/);
  assert.equal(await hours(0).getAttribute('aria-invalid'), 'true');
  assert.equal((await steps.nth(1).getByTestId('step-hours-error').innerText()).trim(), '', 'step 2 is fine');
  await shot(page, 'nadmin-01-range-error', false);
  assert.deepEqual((await api(app.base, admin.access_token, 'GET', '/api/v1/escalation-steps')).body.steps.map((s) => s.after_hours), [48, 96], 'nothing saved');

  // Fixed, with the minus button from 25; Emma Carter named on step 2; saved.
  await hours(0).fill('25');
  await steps.nth(0).getByRole('button', { name: 'One hour less (step 1)' }).click();
  assert.equal(await hours(0).inputValue(), '24');
  await steps.nth(1).locator('[data-user="Emma Carter"] input').check();
  [put] = await Promise.all([putLadder(), page.getByTestId('escalation-save').click()]);
  assert.equal(put.status(), 200, await put.text());
  assert.deepEqual(put.request().postDataJSON(), {
    steps: [
      { after_hours: 24, to_supplier: true, to_admins: false, user_ids: [] },
      { after_hours: 96, to_supplier: true, to_admins: true, user_ids: [emma.id] },
    ],
  });
  assert.equal((await hoursErr.innerText()).trim(), '', 'the error is gone');
  const saved = await api(app.base, admin.access_token, 'GET', '/api/v1/escalation-steps');
  assert.deepEqual(saved.body.steps.map((s) => [s.after_hours, s.user_ids]), [[24, []], [96, [emma.id]]]);

  // Kept across a reload.
  await page.reload();
  await steps.first().waitFor();
  assert.equal(await hours(0).inputValue(), '24');
  assert.equal(await steps.nth(1).locator('[data-user="Emma Carter"] input').isChecked(), true);
  assert.equal(await steps.nth(0).locator('[data-user="Emma Carter"] input').isChecked(), false);
  await shot(page, 'nadmin-02-saved', false);

  // The failed sends, from the settings page.
  await page.goto(app.base + '/settings');
  await page.getByTestId('failures-link').click();
  await page.waitForURL('**/notifications/failures');
  const row = page.locator(`[data-testid="failure"][data-id="${failed.id}"]`);
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /Order comment/, 'the kind in words');
  assert.match(text, /E-mail/);
  assert.match(text, /王丽 Li Wang/);
  assert.match(text, /li\.wang@gendan\.demo/);
  assert.match(text, /550/, 'the last error');
  assert.equal(await row.getByTestId('failure-order').getAttribute('href'), `/orders/${order.id}`);
  assert.match(await row.getByTestId('failure-order').innerText(), /NW-24017/);
  problems.push(...await axe(page, 'nadmin-failures-en'));

  // Retry, with the relay accepting now: queued again, the button gone, delivered.
  sink.refuse = false;
  const [retry] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/notification-failures/${failed.id}/retry`)),
    row.getByTestId('failure-retry').click(),
  ]);
  assert.equal(retry.status(), 200, await retry.text());
  await row.getByTestId('failure-queued').waitFor();
  assert.match(await row.getByTestId('failure-queued').innerText(), /Queued again/);
  assert.equal(await row.getByTestId('failure-retry').count(), 0);
  await shot(page, 'nadmin-03-retried', false);
  await until(() => sink.delivered.includes('li.wang@gendan.demo'), 'the e-mail delivered after the retry');
  await until(async () => {
    const r = await api(app.base, admin.access_token, 'GET', '/api/v1/notification-failures');
    return !r.body.items.some((x) => x.id === failed.id);
  }, 'the send to leave the failed list');

  // A merchandiser in Chinese: the ladder read-only, no failed sends link.
  const zh = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => zh.close());
  const m = await zh.newPage();
  await signIn(m, app.base, 'li.wang@gendan.demo');
  await m.waitForURL('**/dashboard');
  await m.goto(app.base + '/settings');
  await m.getByTestId('escalation-link').waitFor();
  assert.match(await m.getByTestId('escalation-link').innerText(), /升级规则/);
  assert.equal(await m.getByTestId('failures-link').count(), 0);
  await m.getByTestId('escalation-link').click();
  await m.waitForURL('**/notifications/escalation');
  await m.getByTestId('step').first().waitFor();
  assert.match(await m.getByTestId('escalation-intro').innerText(), /工厂/);
  assert.match(await m.getByTestId('escalation-readonly').innerText(), /只有管理员/);
  assert.equal(await m.getByTestId('escalation-save').count(), 0);
  assert.equal(await m.getByTestId('step-hours').count(), 0);
  assert.match(await m.getByTestId('step').nth(0).innerText(), /第 1 级.*24 小时后/s);
  assert.match(await m.getByTestId('step').nth(1).innerText(), /全部管理员.*另外 1 位指定的人/s);
  problems.push(...await axe(m, 'nadmin-escalation-merch-zh'));
  await m.goto(app.base + '/notifications/failures');
  await m.getByTestId('failures-admins-only').waitFor();

  // An admin in Chinese: nothing failed (the other sends the sink refused,
  // such as the daily digests, retried through the API); with no steps,
  // nobody is told.
  for (const x of (await api(app.base, admin.access_token, 'GET', '/api/v1/notification-failures')).body.items) {
    assert.equal((await api(app.base, admin.access_token, 'POST', `/api/v1/notification-failures/${x.id}/retry`)).status, 200);
  }
  await until(async () => (await api(app.base, admin.access_token, 'GET', '/api/v1/notification-failures')).body.items.length === 0, 'no failed send left');
  assert.equal((await api(app.base, admin.access_token, 'PATCH', '/api/v1/me', { locale: 'zh-CN' })).status, 200);
  assert.equal((await api(app.base, admin.access_token, 'PUT', '/api/v1/escalation-steps', { steps: [] })).status, 200);
  const zhAdmin = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => zhAdmin.close());
  const a = await zhAdmin.newPage();
  await signIn(a, app.base, 'admin@gendan.demo');
  await a.waitForURL('**/dashboard');
  await a.goto(app.base + '/notifications/failures');
  await a.getByTestId('failures-empty').waitFor();
  assert.match(await a.getByTestId('failures-empty').innerText(), /没有发送失败/);
  problems.push(...await axe(a, 'nadmin-failures-empty-zh'));
  await a.goto(app.base + '/notifications/escalation');
  await a.getByTestId('escalation-empty').waitFor();
  assert.match(await a.getByTestId('escalation-empty').innerText(), /不会通知任何人/);
  problems.push(...await axe(a, 'nadmin-escalation-empty-zh'));
  await a.getByTestId('step-add').click();
  assert.equal(await a.getByTestId('step-hours').inputValue(), '48');
  assert.match(await a.getByTestId('step').innerText(), /该工厂的用户/);
  problems.push(...await axe(a, 'nadmin-escalation-zh'));

  assert.deepEqual(problems, [], problems.join('\n'));
});
