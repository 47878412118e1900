// Web Push on a phone (issue 16): the factory (Chinese) makes a progress
// report; only then is push offered (never on first load); accepting asks
// the browser's permission, subscribes with the server's VAPID key and hands
// the subscription to the server (POST answers 201). The Me screen's switch
// shows it on, turns it off (DELETE) and on again; signing out removes it
// (DELETE) so the next user of the phone does not get it. axe finds no
// critical or serious violation on the offer or the switch.
//
// Headless Chromium cannot subscribe to a push service (there is none to
// reach: pushManager.subscribe rejects "Registration failed - permission
// denied"). So the first test stands in for the browser's push service
// only: PushManager.prototype.subscribe/getSubscription are replaced by a
// fake that records what the app asked for and returns a subscription of
// the browser's shape (an https endpoint, a 65-byte P-256 key, a 16-byte
// auth secret); everything else — the permission request, the real service
// worker, the real server and its answers — is real. The second test keeps
// the real subscribe and checks that its failure is told to the user and
// sends nothing. The third: a merchandiser's first sample decision is
// followed by the offer; "not now" is remembered. The fourth delivers
// pushes to the real service worker through the DevTools protocol
// (ServiceWorker.deliverPushMessage) and reads the notifications it showed;
// a tap on one (notificationclick) cannot be made there: Vitest covers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axe, api, apiLogin, appFor, browserFor, openFactoryOrder, root, shot, signIn, until, PHONE } from './harness.mjs';


// Counts the browser's permission requests (both tests), and in the first
// stands in for the push service.
function instrument({ fakePushService }) {
  window.__permissionRequests = 0;
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = (...a) => {
    window.__permissionRequests++;
    return ask(...a);
  };
  if (!fakePushService) return;
  const KEY = '__fake_push_subscription';
  window.__subscribeCalls = [];
  const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const wrap = (json) => ({
    endpoint: json.endpoint,
    expirationTime: null,
    toJSON: () => json,
    unsubscribe: async () => {
      localStorage.removeItem(KEY);
      return true;
    },
  });
  PushManager.prototype.subscribe = async function (options) {
    window.__subscribeCalls.push({ userVisibleOnly: options.userVisibleOnly, key: Array.from(new Uint8Array(options.applicationServerKey)) });
    const p256dh = crypto.getRandomValues(new Uint8Array(65));
    p256dh[0] = 4;
    const json = { endpoint: `https://push.example.test/send/${crypto.randomUUID()}`, expirationTime: null,
      keys: { p256dh: b64url(p256dh), auth: b64url(crypto.getRandomValues(new Uint8Array(16))) } };
    localStorage.setItem(KEY, JSON.stringify(json));
    return wrap(json);
  };
  PushManager.prototype.getSubscription = async function () {
    const json = JSON.parse(localStorage.getItem(KEY) || 'null');
    return json && wrap(json);
  };
}

/** The API calls to /api/v1/push/subscriptions the page made: {method, status, body}. */
function watchSubscriptions(page) {
  const seen = [];
  page.on('response', async (res) => {
    const req = res.request();
    if (new URL(res.url()).pathname !== '/api/v1/push/subscriptions') return;
    seen.push({ method: req.method(), status: res.status(), body: req.postDataJSON() });
  });
  return seen;
}

/** Reports a running total on the order's sewing step, online, and waits for it to reach the server. */
async function report(page, qty) {
  const sewing = page.locator('[data-step="sewing"]');
  await sewing.waitFor();
  await sewing.click();
  const sheet = page.getByTestId('report-sheet');
  await sheet.waitFor();
  await sheet.getByLabel('累计数量').fill(String(qty));
  await sheet.getByTestId('report-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  await sewing.getByText(`已做 ${qty} / 2400件`).waitFor();
}

async function phonePage(t, app, { fakePushService }) {
  const browser = await browserFor(t);
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  await ctx.grantPermissions(['notifications'], { origin: app.base });
  await ctx.addInitScript(instrument, { fakePushService });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

test('push is offered after the first report, subscribes, shows on the Me screen and goes on sign-out', async (t) => {
  const app = await appFor(t);
  const factory = await apiLogin(app.base, 'chen@jinling.demo');
  const key = await api(app.base, factory.access_token, 'GET', '/api/v1/push/key');
  assert.equal(key.status, 200);
  assert.equal(key.body.enabled, true, 'the embedded default has push on');

  const { page, errors } = await phonePage(t, app, { fakePushService: true });
  const calls = watchSubscriptions(page);
  await openFactoryOrder(page, app.base);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The service worker carries the push handlers.
  const sw = await (await fetch(app.base + '/sw.js')).text();
  assert.match(sw, /importScripts\("\/push-sw\.js"\)/);
  assert.equal((await fetch(app.base + '/push-sw.js')).status, 200);

  // Not on load.
  await page.waitForTimeout(1500);
  assert.equal(await page.getByTestId('push-offer').count(), 0, 'no offer on first load');

  // After the first report, the offer; axe on it.
  await report(page, 300);
  const offer = page.getByTestId('push-offer');
  await offer.waitFor();
  assert.equal(await offer.getAttribute('data-reason'), 'report');
  await offer.getByText('在这部手机上接收通知？').waitFor();
  const found = await axe(page, 'push-offer');

  // Accept: the permission request, the subscription with the server's key, the POST (201).
  const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/push/subscriptions' && r.request().method() === 'POST');
  await offer.getByTestId('push-accept').click();
  assert.equal((await posted).status(), 201);
  await offer.waitFor({ state: 'detached' });
  await page.getByText('本设备的推送通知已开启。').waitFor();
  assert.equal(await page.evaluate(() => window.__permissionRequests), 1, 'the browser was asked once');
  const subscribe = await page.evaluate(() => window.__subscribeCalls);
  assert.equal(subscribe.length, 1);
  assert.equal(subscribe[0].userVisibleOnly, true);
  assert.deepEqual(subscribe[0].key, [...Buffer.from(key.body.public_key, 'base64url')], 'applicationServerKey is the server’s VAPID key');
  const post = calls.find((c) => c.method === 'POST');
  assert.match(post.body.endpoint, /^https:\/\/push\.example\.test\/send\//);
  assert.equal(Buffer.from(post.body.keys.p256dh, 'base64url').length, 65);
  assert.equal(Buffer.from(post.body.keys.auth, 'base64url').length, 16);
  assert.ok('expirationTime' in post.body, 'the body is PushSubscription.toJSON()');
  const endpoint = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription())?.endpoint);
  assert.equal(endpoint, post.body.endpoint);

  // A second report: no second offer.
  await report(page, 400);
  await page.waitForTimeout(1000);
  assert.equal(await page.getByTestId('push-offer').count(), 0, 'offered once');

  // The Me screen: on; axe; off (DELETE); on again (POST).
  await page.getByRole('link', { name: '我的' }).or(page.locator('.van-tabbar-item', { hasText: '我的' })).first().click();
  await page.waitForURL('**/me');
  const sw2 = page.getByTestId('push-switch');
  await sw2.getByText('本设备推送通知').waitFor();
  await until(async () => (await sw2.getAttribute('data-state')) === 'on', 'the switch on');
  await sw2.getByText('已开启').waitFor();
  found.push(...(await axe(page, 'push-switch-on')));
  const toggle = sw2.getByRole('switch', { name: '本设备推送通知' });
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  const deleted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/push/subscriptions' && r.request().method() === 'DELETE');
  await toggle.click();
  const del = await deleted;
  assert.equal(del.status(), 200);
  assert.deepEqual(await del.json(), { removed: true });
  assert.deepEqual(del.request().postDataJSON(), { endpoint: post.body.endpoint });
  await until(async () => (await sw2.getAttribute('data-state')) === 'off', 'the switch off');
  assert.equal(await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription())), null);
  found.push(...(await axe(page, 'push-switch-off')));
  const again = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/push/subscriptions' && r.request().method() === 'POST');
  await toggle.click();
  assert.equal((await again).status(), 201, 'a new subscription');
  await until(async () => (await sw2.getAttribute('data-state')) === 'on', 'the switch on again');
  const second = calls.filter((c) => c.method === 'POST').at(-1).body.endpoint;

  // Signing out removes this device's subscription on the server, then in the browser.
  const out = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/push/subscriptions' && r.request().method() === 'DELETE');
  await page.getByRole('button', { name: '退出登录' }).click();
  const gone = await out;
  assert.equal(gone.status(), 200);
  assert.deepEqual(await gone.json(), { removed: true });
  assert.deepEqual(gone.request().postDataJSON(), { endpoint: second });
  await page.waitForURL('**/login');
  assert.equal(await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription())), null);
  assert.equal(await page.evaluate(() => localStorage.getItem('gendan.push.owner')), null);
  await shot(page, 'push-signed-out', false);

  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});

test('when the browser cannot subscribe, the offer says so, sends nothing and is not made again', async (t) => {
  const app = await appFor(t);
  const { page, errors } = await phonePage(t, app, { fakePushService: false });
  const calls = watchSubscriptions(page);
  await openFactoryOrder(page, app.base);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await report(page, 300);
  const offer = page.getByTestId('push-offer');
  await offer.waitFor();
  await offer.getByTestId('push-accept').click();
  await page.getByText(/^未能开启推送通知：/).waitFor();
  await offer.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.__permissionRequests), 1);
  assert.deepEqual(calls, [], 'nothing was sent to the server');
  const memo = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => /^gendan\.push\.\d+$/.test(k)));
  assert.equal(memo.length, 1);
  assert.ok(JSON.parse(memo[0][1]).declined, 'remembered as declined, with its date');
  await shot(page, 'push-cannot-subscribe', false);

  // After a reload (a new page life), a report is not followed by an offer.
  await page.reload();
  await report(page, 400);
  await page.waitForTimeout(1500);
  assert.equal(await page.getByTestId('push-offer').count(), 0, 'not offered again');
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});

/** A factory round of the order waiting for review, submitted through the API; resolves its id. */
async function pendingSample(base, po, note) {
  const { access_token: token } = await apiLogin(base, 'chen@jinling.demo');
  const auth = { Authorization: `Bearer ${token}` };
  const orders = await (await fetch(`${base}/api/v1/orders?q=${po}`, { headers: auth })).json();
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg'))], { type: 'image/jpeg' }), 'photo.jpg');
  const photo = await (await fetch(`${base}/api/v1/photos`, { method: 'POST', headers: auth, body: form })).json();
  const res = await fetch(`${base}/api/v1/orders/${orders.items[0].id}/samples`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'pp', note, photo_ids: [photo.id] }),
  });
  assert.equal(res.status, 201, 'round submitted');
  return (await res.json()).id;
}

test('the merchandiser is offered push after a first sample decision; "not now" is remembered', async (t) => {
  const app = await appFor(t);
  const id = await pendingSample(app.base, 'NW-24017', 'push offer PP');
  const { page, errors } = await phonePage(t, app, { fakePushService: true });
  const calls = watchSubscriptions(page);
  await signIn(page, app.base, 'li.wang@gendan.demo');
  await page.waitForURL('**/dashboard');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(`${app.base}/approvals/${id}`);
  await page.getByText('push offer PP').waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await page.getByTestId('push-offer').count(), 0, 'no offer before the decision');
  await page.getByRole('radio', { name: '通过', exact: true }).click();
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.waitForURL(/\/approvals$/);
  const offer = page.getByTestId('push-offer');
  await offer.waitFor();
  assert.equal(await offer.getAttribute('data-reason'), 'decision');
  const found = await axe(page, 'push-offer-staff');
  await offer.getByTestId('push-later').click();
  await offer.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.__permissionRequests), 0, 'the browser was not asked');
  assert.deepEqual(calls, [], 'nothing sent');
  const memo = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => /^gendan\.push\.\d+$/.test(k)).map(([, v]) => JSON.parse(v)));
  assert.equal(memo.length, 1);
  assert.ok(Math.abs(Date.parse(memo[0].declined) - Date.now()) < 60_000, 'declined now');
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});

test('the service worker shows a pushed notification, and a generic one for a payload that is not JSON', async (t) => {
  const app = await appFor(t);
  const { page, errors } = await phonePage(t, app, { fakePushService: false });
  await signIn(page, app.base, 'chen@jinling.demo');
  await page.waitForURL('**/orders');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await page.context().newCDPSession(page);
  const regs = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => regs.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  const reg = await until(() => regs.find((r) => !r.isDeleted && r.scopeURL === app.base + '/'), 'the registration');
  const push = (data) => cdp.send('ServiceWorker.deliverPushMessage', { origin: app.base, registrationId: reg.registrationId, data });
  const shown = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data, icon: new URL(n.icon).pathname })));

  await push(JSON.stringify({ id: 7, kind: 'comment_added', title: '新留言 · NW-24017', body: '李娜：面料已到厂', url: `${app.base}/orders/3` }));
  await until(async () => (await shown()).length === 1, 'the notification');
  assert.deepEqual((await shown())[0], { title: '新留言 · NW-24017', body: '李娜：面料已到厂', tag: 'comment_added', data: { url: '/orders/3', id: 7 }, icon: '/icons/icon-192.png' });
  await push('not json');
  await until(async () => (await shown()).length === 2, 'the generic notification');
  // A newer one of the same kind replaces the last.
  await push(JSON.stringify({ id: 8, kind: 'comment_added', title: '新留言 · NW-24017', body: '李娜：明天开裁', url: 'https://elsewhere.example/x' }));
  await until(async () => (await shown()).some((n) => n.body === '李娜：明天开裁'), 'the replacement');
  const list = await shown();
  assert.deepEqual(list.find((n) => n.tag === 'comment_added'), { title: '新留言 · NW-24017', body: '李娜：明天开裁', tag: 'comment_added', data: { url: '/', id: 8 }, icon: '/icons/icon-192.png' },
    'another origin’s URL opens the app instead');
  assert.deepEqual(list.find((n) => n.tag === 'gendan'), { title: 'Gendan 跟单', body: 'not json', tag: 'gendan', data: { url: '/' }, icon: '/icons/icon-192.png' });
  assert.equal(list.length, 2);
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});

test('on a shared phone, the next user to sign in does not inherit the last one’s subscription', async (t) => {
  const app = await appFor(t);
  const { page, errors } = await phonePage(t, app, { fakePushService: true });
  await signIn(page, app.base, 'chen@jinling.demo');
  await page.waitForURL('**/orders');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(`${app.base}/me`);
  const sw = page.getByTestId('push-switch');
  await until(async () => (await sw.getAttribute('data-state')) === 'off', 'the switch off');
  const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/push/subscriptions' && r.request().method() === 'POST');
  await sw.getByRole('switch').click();
  assert.equal((await posted).status(), 201);
  await until(async () => (await sw.getAttribute('data-state')) === 'on', 'the switch on');

  // The session ends without signing out (the refresh cookie is gone); someone else signs in.
  await page.context().clearCookies();
  await page.reload();
  await page.waitForURL(/\/login/);
  await signIn(page, app.base, 'huang@huaxing.demo');
  await page.waitForURL('**/orders');
  await until(async () => (await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription()))) === null, 'the subscription dropped');
  assert.equal(await page.evaluate(() => localStorage.getItem('gendan.push.owner')), null);
  await page.goto(`${app.base}/me`);
  await until(async () => (await page.getByTestId('push-switch').getAttribute('data-state')) === 'off', 'off for the new user');
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});
