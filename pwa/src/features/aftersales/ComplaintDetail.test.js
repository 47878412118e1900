// The complaint page mounted on a fake API answering the contract's shape:
// the facts with the customer's contact, the factory's answer, its CAPA
// (root cause, cause category in words, verify and send back from its
// actions), the resolutions with their progress and buttons, and the
// complaint's own actions.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { createApp, nextTick, h } from 'vue';
import { createRouter, createMemoryHistory } from 'vue-router';
import { i18n } from '../../i18n/index.js';
import ComplaintDetail from './ComplaintDetail.vue';
import { complaint, capa, resolutions } from './fixtures.js';

vi.mock('vant/es/dialog/style', () => ({}));
vi.mock('vant/es/toast/style', () => ({}));
const stub = { inheritAttrs: true, render() { return h('span', null, this.$slots.default?.()); } };

let app;
let el;
const settle = async () => {
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
  }
};
const json = (b) => new Response(JSON.stringify(b), { status: 200, headers: { 'Content-Type': 'application/json' } });
async function mount() {
  window.matchMedia = vi.fn(() => ({ matches: true, addEventListener() {}, removeEventListener() {} }));
  const answers = {
    '/api/v1/complaints/14': complaint,
    '/api/v1/capas/5': capa,
    '/api/v1/orders/12': { id: 12, po_number: 'NW-24035', unit_price: '8.50', total_quantity: 1200, currency: 'USD', status: 'shipped', actions: [] },
    '/api/v1/orders/12/deliveries': { items: [], summary: { shipped: 1200 } },
    '/api/v1/resolutions/8': { ...resolutions.rework, id: 8 },
    '/api/v1/resolutions/9': { ...resolutions.discount, id: 9, status: 'done', actions: [] },
  };
  globalThis.fetch = vi.fn(async (url) => {
    const path = String(url).split('?')[0];
    if (answers[path]) return json(answers[path]);
    return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } });
  });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/complaints/:id', component: ComplaintDetail }, { path: '/:p(.*)*', component: { render: () => null } }] });
  await router.push('/complaints/14');
  el = document.createElement('div');
  document.body.appendChild(el);
  app = createApp({ render: () => h(ComplaintDetail) });
  app.use(i18n).use(router);
  for (const name of ['van-tag', 'van-button', 'van-loading', 'van-empty', 'van-icon', 'van-popup']) app.component(name, stub);
  i18n.global.locale.value = 'zh-CN';
  app.mount(el);
  await settle();
}
afterEach(() => {
  app?.unmount();
  el?.remove();
});

describe('the complaint page', () => {
  it('shows the complaint, the answer, the CAPA and the resolutions from the contract\'s answers', async () => {
    await mount();
    const page = el.querySelector('[data-testid="complaint-detail"]');
    expect(page).not.toBeNull();
    expect(page.textContent).toContain('袖口开线');
    expect(page.textContent).toContain('buyer@northwind.example');
    expect(el.querySelector('[data-testid="factory-answer"]').textContent).toContain('车缝线张力不足');
    const capaBox = el.querySelector('[data-testid="complaint-capa"]');
    expect(capaBox.textContent).toContain('车缝线张力不足');
    expect(capaBox.textContent).toContain('机'); // machine, in words
    expect(capaBox.querySelector('[data-testid="capa-verify"]')).not.toBeNull();
    expect(capaBox.querySelector('[data-testid="capa-reopen"]')).not.toBeNull();
    const res = [...el.querySelectorAll('[data-testid="resolution"]')];
    expect(res.map((r) => r.dataset.kind)).toEqual(['rework', 'discount']);
    expect(res[0].textContent).toContain('已返修 60/100');
    expect([...res[0].querySelectorAll('[data-testid^="res-"]')].map((b) => b.dataset.testid)).toEqual(['res-progress', 'res-reinspect', 'res-cancel']);
    expect(res[1].textContent).toContain('USD 500.00');
    expect(res[1].textContent).toContain('USD 250.00');
    expect(el.querySelector('[data-testid="resolution-add"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="complaint-agree"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="complaint-close"]')).toBeNull();
  });
});
