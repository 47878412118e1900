// The order page's After-sales section mounted on a fake API answering the
// contract's shape: the order's complaints with status and age, "record a
// complaint" once shipped, the invoice with paid and balance, and "close
// the order" only when the order's actions list it.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { createApp, nextTick, h } from 'vue';
import { createRouter, createMemoryHistory } from 'vue-router';
import { i18n } from '../../i18n/index.js';
import OrderAftersales from './OrderAftersales.vue';
import { complaint, finance } from './fixtures.js';

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
async function mount(order) {
  globalThis.fetch = vi.fn(async (url) => {
    const u = String(url);
    if (u.startsWith('/api/v1/complaints?')) return json({ items: [complaint], next_cursor: '' });
    if (u === '/api/v1/orders/12/deliveries') return json({ items: [{ id: 5, status: 'shipped', date: '2026-11-20', quantity: 1200 }], summary: { shipped: 1200 } });
    if (u === '/api/v1/orders/12/finance') return json(finance);
    if (u === '/api/v1/orders/12/capas') return json({ items: [], related: [{ id: 3, status: 'open', problem: '领口起皱', source_kind: 'complaint', source_id: 9, due_date: '2026-11-30', overdue: true, order: { id: 8, po_number: 'NW-24001' } }] });
    return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } });
  });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] });
  el = document.createElement('div');
  document.body.appendChild(el);
  app = createApp(OrderAftersales, { order });
  app.use(i18n).use(router);
  for (const name of ['van-tag', 'van-button', 'van-loading', 'van-empty', 'van-icon', 'van-popup']) app.component(name, stub);
  i18n.global.locale.value = 'en';
  app.mount(el);
  await settle();
}
afterEach(() => {
  app?.unmount();
  el?.remove();
  i18n.global.locale.value = 'zh-CN';
});

describe('the order\'s after-sales section', () => {
  it('lists the complaints, offers to record one, shows the invoice, and no close unless listed', async () => {
    await mount({ id: 12, status: 'shipped', currency: 'USD', actions: [] });
    expect(fetch.mock.calls.map((c) => String(c[0]))).toContain('/api/v1/complaints?order_id=12&limit=50');
    const rows = el.querySelectorAll('[data-testid="order-complaint"]');
    expect(rows.length).toBe(1);
    expect(rows[0].textContent).toContain('Investigating');
    expect(rows[0].textContent).toContain('5 days');
    expect(el.querySelector('[data-testid="complaint-open"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="invoice"]').textContent).toContain('USD 12,345.60');
    expect(el.querySelector('[data-testid="finance-balance"]').textContent).toContain('Balance USD 7,345.60');
    expect(el.querySelector('[data-testid="order-close"]')).toBeNull();
    expect(el.querySelector('[data-testid="order-capas-items"]')).toBeNull();
    const related = el.querySelector('[data-testid="order-capas-related"]');
    expect(related.textContent).toContain('领口起皱');
    expect(related.textContent).toContain('NW-24001');
    expect(related.textContent).toContain('Overdue');
  });
  it('shows close when the order lists it, and no recording before anything shipped', async () => {
    await mount({ id: 12, status: 'shipped', currency: 'USD', actions: ['close'] });
    expect(el.querySelector('[data-testid="order-close"]')).not.toBeNull();
    app.unmount();
    el.remove();
    await mount({ id: 12, status: 'in_production', currency: 'USD', actions: [] });
    expect(el.querySelector('[data-testid="complaint-open"]')).toBeNull();
    expect(el.textContent).toContain('once the order has shipped');
  });
});
