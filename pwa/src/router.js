import { createRouter, createWebHistory } from 'vue-router';
import { session } from './session.js';
import Login from './views/Login.vue';
import FactoryOrders from './views/factory/Orders.vue';
import Outbox from './views/Outbox.vue';
import Me from './views/Me.vue';

const staff = ['admin', 'merchandiser'];

// Factory screens are in the main bundle (they must open fast on a cheap
// phone); merchandiser screens are lazy chunks.
const routes = [
  { path: '/login', component: Login, meta: { public: true } },
  { path: '/', redirect: () => (staff.includes(session.user?.role) ? '/dashboard' : '/orders') },
  {
    path: '/orders',
    component: () => Promise.resolve(staff.includes(session.user?.role) ? import('./views/staff/Orders.vue') : FactoryOrders),
    meta: { title: 'nav.orders' },
  },
  { path: '/outbox', component: Outbox, meta: { title: 'nav.outbox' } },
  { path: '/me', component: Me, meta: { title: 'nav.me' } },
  { path: '/dashboard', component: () => import('./views/staff/Dashboard.vue'), meta: { title: 'nav.dashboard', staff: true } },
  { path: '/approvals', component: () => import('./views/staff/Approvals.vue'), meta: { title: 'nav.approvals', staff: true } },
  { path: '/suppliers', component: () => import('./views/staff/Suppliers.vue'), meta: { title: 'nav.suppliers', staff: true } },
  { path: '/settings', component: () => import('./views/staff/Settings.vue'), meta: { title: 'nav.settings', staff: true } },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (!session.user && !to.meta.public) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (session.user && to.path === '/login') return '/';
  if (to.meta.staff && !staff.includes(session.user?.role)) return '/';
  return true;
});
