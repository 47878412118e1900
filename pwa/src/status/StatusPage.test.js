// The status page mounted on a fake API: the order in the link's language,
// a switch to Chinese (fetched again with ?lang=, <html lang> follows), and
// the pages for expired, unknown and rate-limited links.
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { createApp, nextTick } from 'vue';
import StatusPage from './StatusPage.vue';

const TOKEN = 'A'.repeat(43);
const order = (lang) => ({
  language: 'en',
  po_number: 'NW-24035', style_no: 'W-2231', style_name: 'Quilted vest', customer: 'Nordwind GmbH',
  total_quantity: 1200, unit: 'pcs', ex_factory_date: '2026-12-20', status: 'needs_attention',
  updated_at: '2026-12-03T09:12:00Z', expires_at: '2027-03-03T10:00:00Z',
  contact: { name: 'Emma Carter', email: 'emma.carter@gendan.demo', phone: null },
  progress: [
    { code: 'cutting', name: lang === 'zh-CN' ? '裁剪' : 'Cutting', planned_date: '2026-11-20', actual_date: '2026-11-21', percent: 100, state: 'done' },
    { code: 'sewing', name: lang === 'zh-CN' ? '车缝' : 'Sewing', planned_date: '2026-12-01', actual_date: null, percent: 40, state: 'in_progress' },
  ],
  samples: [{ type: 'pp', type_name: 'PP sample', round: 2, approved_on: '2026-11-02', photos: [{ thumb: '/t/41', preview: '/p/41' }] }],
  inspection: null,
  // no shipments: the link does not show them
});

let calls;
let el;
let app;
function answer(status, body, headers = {}) {
  return new Response(body === null ? '' : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
async function mount(path, reply) {
  window.history.replaceState(null, '', path);
  calls = [];
  globalThis.fetch = vi.fn(async (url) => {
    calls.push(String(url));
    return reply(String(url));
  });
  el = document.createElement('div');
  document.body.appendChild(el);
  app = createApp(StatusPage);
  app.mount(el);
  await settle();
}
const settle = async () => {
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
  }
};

beforeEach(() => {
  document.documentElement.lang = 'zh-CN';
});
afterEach(() => {
  app?.unmount();
  el?.remove();
});

describe('the status page', () => {
  it('shows the order in the link’s language, then in Chinese', async () => {
    await mount(`/s/${TOKEN}`, (url) => answer(200, order(new URL(url, 'http://x').searchParams.get('lang'))));
    expect(calls).toEqual([`/api/v1/public/status/${TOKEN}`]);
    expect(el.querySelector('[data-testid="status-po"]').textContent).toBe('Order NW-24035');
    expect(el.querySelector('[data-testid="status-word"]').textContent).toContain('Needs attention');
    expect(document.documentElement.lang).toBe('en');
    const steps = [...el.querySelectorAll('[data-testid="status-step"]')];
    expect(steps.map((s) => s.querySelector('h3').textContent)).toEqual(['Cutting', 'Sewing']);
    expect(steps[1].textContent).toContain('40% done');
    expect(steps[0].dataset.state).toBe('done');
    expect(el.querySelector('[data-testid="status-samples"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="status-inspection"]').textContent).toContain('No final inspection yet.');
    expect(el.querySelector('[data-testid="status-shipments"]')).toBeNull(); // absent section: not shown
    expect(el.querySelector('a[href="mailto:emma.carter@gendan.demo"]')).not.toBeNull();
    expect(el.querySelector('a[href^="tel:"]')).toBeNull();
    expect(el.querySelector('[aria-label="PP sample, round 2, photo 1"]')).not.toBeNull();
    expect(document.title).toBe('NW-24035 · Order status');

    el.querySelector('button[data-lang="zh-CN"]').click();
    await settle();
    expect(calls.at(-1)).toBe(`/api/v1/public/status/${TOKEN}?lang=zh-CN`);
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(window.location.search).toBe('?lang=zh-CN');
    expect(el.querySelector('[data-testid="status-po"]').textContent).toBe('订单 NW-24035');
    expect(el.querySelector('[data-testid="status-word"]').textContent).toContain('需要关注');
    expect([...el.querySelectorAll('[data-testid="status-step"] h3')].map((h) => h.textContent)).toEqual(['裁剪', '车缝']);
    expect(el.querySelector('[data-testid="status-ex-factory"]').textContent).toBe('2026年12月20日');
    expect(el.querySelector('button[data-lang="zh-CN"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('starts in the language of the address when one is there', async () => {
    await mount(`/s/${TOKEN}?lang=zh-CN`, () => answer(200, order('zh-CN')));
    expect(calls).toEqual([`/api/v1/public/status/${TOKEN}?lang=zh-CN`]);
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(el.querySelector('[data-testid="status-progress"] h2').textContent).toBe('生产进度');
  });

  it('says when a link has expired or was withdrawn', async () => {
    await mount(`/s/${TOKEN}`, () => answer(410, { error: { code: 'link_expired', message: 'gone' } }));
    const p = el.querySelector('[data-testid="status-problem"]');
    expect(p.dataset.state).toBe('expired');
    expect(p.querySelector('h1').textContent).toBe('This link has expired');
    expect(p.textContent).toContain('contact your merchandiser');
    expect(p.querySelector('button')).toBeNull();
  });

  it('says when a link is not known, without asking for a malformed one', async () => {
    await mount(`/s/${TOKEN}`, () => answer(404, { error: { code: 'not_found' } }));
    expect(el.querySelector('[data-testid="status-problem"]').dataset.state).toBe('not_found');
    app.unmount();
    el.remove();
    await mount('/s/nope', () => answer(200, order()));
    expect(calls).toEqual([]);
    expect(el.querySelector('[data-testid="status-problem"] h1').textContent).toBe('Link not found');
  });

  it('asks to wait when rate limited, and tries again', async () => {
    let n = 0;
    await mount(`/s/${TOKEN}`, () => (n++ ? answer(200, order()) : answer(429, { error: { code: 'rate_limited' } }, { 'Retry-After': '90' })));
    const p = el.querySelector('[data-testid="status-problem"]');
    expect(p.dataset.state).toBe('rate_limited');
    expect(p.textContent).toContain('try again in 2 min');
    p.querySelector('button').click();
    await settle();
    expect(el.querySelector('[data-testid="status-po"]').textContent).toBe('Order NW-24035');
  });

  it('offers a retry when the network fails', async () => {
    await mount(`/s/${TOKEN}`, () => {
      throw new TypeError('Failed to fetch');
    });
    expect(el.querySelector('[data-testid="status-problem"]').dataset.state).toBe('error');
    expect(el.querySelector('[data-testid="status-problem"] button').textContent).toBe('Try again');
  });
});
