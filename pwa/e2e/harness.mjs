// Test harness for the browser tests: starts the real gendan binary on the
// embedded default in a temp data dir (optionally with versitygw as its S3
// store), and launches the system Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const root = resolve(import.meta.dirname, '..', '..');
export const artifacts = resolve(root, 'pwa', 'test-results');

/** A free loopback port. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitFor(url, proc, what) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${what} exited with ${proc.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not start: ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function gendanBinary() {
  const bin = join(root, 'bin', 'gendan');
  if (!existsSync(bin)) {
    execFileSync('go', ['build', '-o', bin, './cmd/gendan'], { cwd: root, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '0' } });
  }
  return bin;
}

function versitygwBinary() {
  try {
    return execFileSync('sh', ['-c', 'command -v versitygw || echo "$(go env GOPATH)/bin/versitygw"']).toString().trim();
  } catch {
    return '';
  }
}

/** Starts versitygw with its posix backend in a temp dir. */
export async function startS3() {
  const bin = versitygwBinary();
  if (!bin || !existsSync(bin)) throw new Error('versitygw is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'gendan-e2e-s3-'));
  const port = await freePort();
  const access = 'e2eaccesskey';
  const secret = 'e2e-secret-key-0123456789';
  const proc = spawn(bin, ['--port', `127.0.0.1:${port}`, 'posix', '--sidecar', join(dir, 'meta'), join(dir, 'data')], {
    env: { ...process.env, ROOT_ACCESS_KEY: access, ROOT_SECRET_KEY: secret },
    stdio: 'ignore',
  });
  execFileSync('mkdir', ['-p', join(dir, 'meta'), join(dir, 'data')]);
  const endpoint = `127.0.0.1:${port}`;
  await waitFor(`http://${endpoint}/`, proc, 'versitygw');
  return {
    endpoint,
    storage: `s3://${access}:${secret}@${endpoint}/gendan-e2e?secure=false&region=us-east-1`,
    stop() {
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts gendan on the embedded default; extra env is added. */
export async function startGendan(env = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gendan-e2e-'));
  const port = await freePort();
  let output = '';
  const proc = spawn(gendanBinary(), ['serve'], {
    env: { ...process.env, GENDAN_DATA_DIR: dataDir, GENDAN_ADDR: `127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, proc, 'gendan');
  return {
    base,
    dataDir,
    output: () => output,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The environment that runs gendan on MariaDB for one test, in a fresh
 * database of its own (made with the mariadb client from
 * GENDAN_TEST_MYSQL_DSN's server, dropped after the test), with the demo
 * seeded. Without GENDAN_TEST_MYSQL_DSN: null, after printing why the test
 * is skipped — in CI that is a failure instead.
 */
export function mysqlEnv(t) {
  const dsn = process.env.GENDAN_TEST_MYSQL_DSN;
  if (!dsn) {
    if (process.env.CI) throw new Error('GENDAN_TEST_MYSQL_DSN is not set in CI');
    const why = 'skipped on MariaDB: GENDAN_TEST_MYSQL_DSN is not set';
    console.log(`# ${why}`);
    t.skip(why);
    return null;
  }
  const u = new URL(dsn);
  const name = `gendan_e2e_${process.pid}_${Date.now() % 1e8}`;
  const cli = ['-u', decodeURIComponent(u.username || 'root'), '-h', u.hostname, '-P', u.port || '3306'];
  if (u.password) cli.push(`-p${decodeURIComponent(u.password)}`);
  const client = existsSync('/usr/bin/mariadb') ? 'mariadb' : 'mysql';
  execFileSync(client, [...cli, '-e', `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`]);
  t.after(() => execFileSync(client, [...cli, '-e', `DROP DATABASE IF EXISTS ${name}`]));
  u.pathname = '/' + name;
  // A node on MySQL must be given its signing key (one for every node).
  return { GENDAN_DB: u.toString(), GENDAN_SEED_DEMO: 'true', GENDAN_JWT_SECRET: 'e2e-' + 'k'.repeat(40) };
}

/** startGendan for one test: stopped when the test ends. */
export async function appFor(t, env = {}) {
  const app = await startGendan(env);
  t.after(() => app.stop());
  return app;
}

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches the system Chromium (Debian's chromium package). */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', headless: true, args: chromiumArgs });
}

/** launch() for one test: closed when the test ends. */
export async function browserFor(t) {
  const browser = await launch();
  t.after(() => browser.close());
  return browser;
}

/** A desktop window, for browser.newPage(DESK). */
export const DESK = { viewport: { width: 1280, height: 800 } };

/** Logs in through the API and returns the session body. */
export async function apiLogin(base, login, password = 'gendan-demo-2026') {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A phone's viewport and touch, for browser.newPage(PHONE). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Launches a persistent Chromium profile as a phone (390×844, touch). */
export async function launchPhone(userDataDir) {
  const { chromium: cr } = await import('playwright-core');
  return cr.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    ...PHONE,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
}

/**
 * A phone with its own profile (service worker, IndexedDB and caches kept
 * across reloads) for one test: the profile is removed after the test.
 * Resolves {ctx, page}.
 */
export async function phone(t) {
  const profile = mkdtempSync(join(tmpdir(), 'gendan-e2e-profile-'));
  const ctx = await launchPhone(profile);
  t.after(async () => {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return { ctx, page: ctx.pages()[0] || (await ctx.newPage()) };
}

/** Signs in through the login screen (in either language). */
export async function signIn(page, base, login, password = 'gendan-demo-2026') {
  await page.goto(base + '/login');
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

/** A new page of a merchandiser or admin, signed in and on the dashboard (a desktop window unless told). */
export async function staffPage(browser, base, login, window = DESK) {
  const page = await browser.newPage(window);
  await signIn(page, base, login);
  await page.waitForURL('**/dashboard');
  return page;
}

/** Signs in as the demo factory user (Chinese) and opens an order from the list; resolves its id. */
export async function openFactoryOrder(page, base, po = 'NW-24017', login = 'chen@jinling.demo') {
  await signIn(page, base, login);
  await page.waitForURL('**/orders');
  await page.getByTestId('order-card').filter({ hasText: po }).click();
  await page.waitForURL(/\/orders\/\d+$/);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** Chooses the first option of a <select> whose text contains text. */
export async function pickOption(select, text) {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value);
}

/** Saves a screenshot under pwa/test-results/<name>.png. */
export function shot(page, name, fullPage = true) {
  mkdirSync(artifacts, { recursive: true });
  return page.screenshot({ path: join(artifacts, `${name}.png`), fullPage });
}

/** Polls fn until it returns something truthy (and returns that), or fails after ms. */
export async function until(fn, what, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Everything the page's origin keeps in browser storage, as one string:
 * localStorage, sessionStorage, every IndexedDB record and every Cache
 * Storage response body.
 */
export async function dumpStorage(page) {
  return page.evaluate(async () => {
    const parts = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise((ok, fail) => {
        const r = indexedDB.open(info.name);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      for (const store of db.objectStoreNames) {
        const rows = await new Promise((ok, fail) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => ok(r.result);
          r.onerror = () => fail(r.error);
        });
        for (const row of rows) {
          parts.push(JSON.stringify(row, (k, v) => (v instanceof Blob ? `[blob ${v.size}]` : v)));
          for (const v of Object.values(row || {})) if (v instanceof Blob) parts.push(await v.text());
        }
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        parts.push(req.url + ' ' + [...res.headers].join(';') + ' ' + (await res.text()));
      }
    }
    return parts.join('\n');
  });
}

/** Counts the server's access-log lines for a method and path. */
export function countRequests(output, method, path, status) {
  return output.split('\n').filter((l) => {
    try {
      const e = JSON.parse(l);
      return e.msg === 'http' && e.method === method && e.path === path && (status === undefined || e.status === status);
    } catch {
      return false;
    }
  }).length;
}

export const QC_LOGIN = 'sun.qc@gendan.demo';

/**
 * Logs in as the demo QC inspector (assigned to HZ-JL and DG-HX); where the
 * demo data has no such user yet, an admin creates it first. Resolves the
 * session body.
 */
export async function qcLogin(base) {
  try {
    return await apiLogin(base, QC_LOGIN);
  } catch {
    const admin = await apiLogin(base, 'admin@gendan.demo');
    const auth = { Authorization: `Bearer ${admin.access_token}`, 'Content-Type': 'application/json' };
    const suppliers = (await (await fetch(`${base}/api/v1/suppliers?limit=200`, { headers: auth })).json()).items;
    const ids = suppliers.filter((s) => s.code === 'HZ-JL' || s.code === 'DG-HX').map((s) => s.id);
    const res = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: '孙质检 Sun QC', email: QC_LOGIN, password: 'gendan-demo-2026', role: 'qc', supplier_ids: ids, locale: 'zh-CN' }),
    });
    if (res.status !== 201) throw new Error(`create ${QC_LOGIN}: ${res.status} ${await res.text()}`);
    return apiLogin(base, QC_LOGIN);
  }
}

/**
 * YYYY-MM-DD, n days from today on the demo suppliers' calendar
 * (Asia/Shanghai): the server judges "before today" on the supplier's
 * today, which from 16:00 UTC is a day ahead of a UTC clock.
 */
export function inDays(n, timeZone = 'Asia/Shanghai') {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + n * 86_400_000));
}

/** A JSON API call with a bearer token; resolves {status, body}. */
export async function api(base, token, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

/**
 * axe's critical and serious findings on the page as it is now, one line
 * each with the nodes; a screenshot a11y-<name> is kept. Transitions
 * (sheets sliding in) and Vant's toasts, which come and go on their own,
 * are let finish first.
 */
export async function axe(page, name) {
  await page.locator('.van-toast').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(400);
  const { violations } = await new AxeBuilder({ page }).analyze();
  await shot(page, `a11y-${name}`, false);
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${name}: ${v.id} (${v.impact}, ${v.nodes.length}×) ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}${n.failureSummary ? ' — ' + n.failureSummary.split('\n').slice(1).join(' ').trim() : ''}`).join('\n'));
}
