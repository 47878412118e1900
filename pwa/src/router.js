import { defineAsyncComponent } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import ByRole from './components/ByRole.vue';
import { session } from './session.js';
import Login from './views/Login.vue';
import FactoryOrders from './views/factory/Orders.vue';
import FactoryOrderDetail from './views/factory/OrderDetail.vue';
import Outbox from './views/Outbox.vue';
import Me from './views/Me.vue';

const staff = ['admin', 'merchandiser'];

// Factory screens are in the main bundle (they must open fast on a cheap
// phone); merchandiser screens are lazy chunks.
const routes = [
  { path: '/login', component: Login, meta: { public: true } },
  { path: '/', redirect: () => (staff.includes(session.user?.role) ? '/dashboard' : session.user?.role === 'qc' ? '/inspections' : '/orders') },
  {
    path: '/orders',
    component: ByRole,
    props: { factory: FactoryOrders, staff: defineAsyncComponent(() => import('./views/staff/Orders.vue')) },
    meta: { title: 'nav.orders' },
  },
  { path: '/orders/new', component: () => import('./views/staff/OrderEdit.vue'), meta: { title: 'nav.orders', staff: true } },
  { path: '/orders/import', component: () => import('./views/staff/OrderImport.vue'), meta: { title: 'nav.orders', staff: true } },
  { path: '/orders/:id(\\d+)/edit', component: () => import('./views/staff/OrderEdit.vue'), meta: { title: 'nav.orders', staff: true } },
  {
    path: '/orders/:id(\\d+)',
    component: ByRole,
    props: { factory: FactoryOrderDetail, staff: defineAsyncComponent(() => import('./views/staff/OrderDetail.vue')) },
    meta: { title: 'nav.orders' },
  },
  // The production order sheet, for staff and the order's factory (new screens live in features/).
  { path: '/orders/:id(\\d+)/sheet', component: () => import('./features/sheet/ProductionSheet.vue'), meta: { title: 'nav.orders' } },
  // Materials, the factory's side (features/materials/factory): an order's material lines and POs, one PO, a fabric roll inspection.
  { path: '/orders/:id(\\d+)/materials', component: () => import('./features/materials/factory/OrderMaterials.vue'), meta: { title: 'nav.orders' }, beforeEnter: (to) => (staff.includes(session.user?.role) ? `/orders/${to.params.id}` : true) },
  { path: '/orders/:id(\\d+)/materials/pos/:poId(\\d+)', component: () => import('./features/materials/factory/MaterialPO.vue'), meta: { title: 'nav.orders' } },
  { path: '/orders/:id(\\d+)/materials/pos/:poId(\\d+)/inspect', component: () => import('./features/materials/factory/FabricInspection.vue'), meta: { title: 'nav.orders' } },
  // After-sales, the factory's side (features/aftersales/factory): its complaints, CAPAs and rework tasks / chargebacks; one complaint, one CAPA, one resolution.
  { path: '/aftersales', component: () => import('./features/aftersales/factory/AftersalesHome.vue'), meta: { title: 'nav.orders' }, beforeEnter: () => (session.user?.role === 'factory' ? true : '/') },
  { path: '/aftersales/complaints/:id(\\d+)', component: () => import('./features/aftersales/factory/ComplaintPage.vue'), meta: { title: 'nav.orders' }, beforeEnter: () => (session.user?.role === 'factory' ? true : '/') },
  { path: '/aftersales/capas/:id(\\d+)', component: () => import('./features/aftersales/factory/CAPAPage.vue'), meta: { title: 'nav.orders' }, beforeEnter: () => (session.user?.role === 'factory' ? true : '/') },
  { path: '/aftersales/resolutions/:id(\\d+)', component: () => import('./features/aftersales/factory/ResolutionPage.vue'), meta: { title: 'nav.orders' }, beforeEnter: () => (session.user?.role === 'factory' ? true : '/') },
  // Inspections (features/inspections): lists, the form, the printable report.
  { path: '/inspections', component: () => import('./features/inspections/InspectionsList.vue'), meta: { title: 'nav.inspections' } },
  { path: '/inspections/:id(\\d+)', component: () => import('./features/inspections/InspectionForm.vue'), meta: { title: 'nav.inspections' } },
  { path: '/inspections/:id(\\d+)/report', component: () => import('./features/inspections/InspectionReport.vue'), meta: { title: 'nav.inspections' } },
  // Deliveries, the merchandiser's side (features/deliveries): the calendar
  // of bookings per warehouse, the list, the printable commercial invoice
  // (prices: staff only) and the warehouses (admins edit, merchandisers view).
  { path: '/deliveries', component: () => import('./features/deliveries/DeliveriesCalendar.vue'), meta: { title: 'nav.deliveries', staff: true } },
  { path: '/deliveries/list', component: () => import('./features/deliveries/DeliveriesList.vue'), meta: { title: 'nav.deliveries', staff: true } },
  { path: '/deliveries/:id(\\d+)/invoice', component: () => import('./features/deliveries/InvoicePrint.vue'), meta: { title: 'nav.deliveries', staff: true } },
  { path: '/warehouses', component: () => import('./features/deliveries/Warehouses.vue'), meta: { title: 'nav.warehouses', staff: true } },
  // Deliveries, the factory's side (features/deliveries): the printable packing list (装箱单) of one delivery.
  { path: '/deliveries/:id(\\d+)/packing-list', component: () => import('./features/deliveries/PackingListPrint.vue'), meta: { title: 'nav.orders' } },
  // In-app notifications (features/notifications), both sides: the bell in the shells opens it.
  { path: '/notifications', component: () => import('./features/notifications/NotificationsPage.vue'), meta: { title: 'notifications.title' } },
  // Notification settings (both sides) and chat-group robots (factory users and staff).
  { path: '/notifications/settings', component: () => import('./features/notifications/SettingsPage.vue'), meta: { title: 'nset.title' } },
  { path: '/notifications/robots', component: () => import('./features/notifications/RobotsPage.vue'), meta: { title: 'nset.robots.title', robots: true } },
  { path: '/notifications/escalation', component: () => import('./features/notifications/EscalationPage.vue'), meta: { title: 'nadmin.escalation.title', staff: true } },
  { path: '/notifications/failures', component: () => import('./features/notifications/FailuresPage.vue'), meta: { title: 'nadmin.failures.title', staff: true } },
  // Material follow-up, the merchandiser's side (features/materials): the material POs, one PO, the material suppliers and their five-rights scorecard.
  { path: '/materials/pos', component: () => import('./features/materials/MaterialPOList.vue'), meta: { title: 'nav.orders', staff: true } },
  { path: '/materials/pos/:id(\\d+)', component: () => import('./features/materials/MaterialPODetail.vue'), meta: { title: 'nav.orders', staff: true } },
  { path: '/materials/suppliers', component: () => import('./features/materials/MaterialSuppliers.vue'), meta: { title: 'nav.suppliers', staff: true } },
  { path: '/materials/suppliers/:id(\\d+)/scorecard', component: () => import('./features/materials/MaterialScorecard.vue'), meta: { title: 'nav.suppliers', staff: true } },
  // After-sales, the merchandiser's side (features/aftersales): customer complaints, one complaint (its CAPA and resolutions), receivables.
  { path: '/complaints', component: () => import('./features/aftersales/ComplaintList.vue'), meta: { title: 'nav.orders', staff: true } },
  { path: '/complaints/:id(\\d+)', component: () => import('./features/aftersales/ComplaintDetail.vue'), meta: { title: 'nav.orders', staff: true } },
  { path: '/receivables', component: () => import('./features/aftersales/Receivables.vue'), meta: { title: 'nav.orders', staff: true } },
  { path: '/outbox', component: Outbox, meta: { title: 'nav.outbox' } },
  { path: '/me', component: Me, meta: { title: 'nav.me' } },
  // Delivery risk (features/risk): the ranked dashboard and the day's chase list.
  { path: '/dashboard', component: () => import('./features/risk/Dashboard.vue'), meta: { title: 'nav.dashboard', staff: true } },
  { path: '/today', component: () => import('./features/risk/Today.vue'), meta: { title: 'nav.today', staff: true } },
  { path: '/approvals', component: () => import('./views/staff/Approvals.vue'), meta: { title: 'nav.approvals', staff: true } },
  { path: '/approvals/:id(\\d+)', component: () => import('./views/staff/SampleReview.vue'), meta: { title: 'nav.approvals', staff: true } },
  { path: '/suppliers', component: () => import('./views/staff/Suppliers.vue'), meta: { title: 'nav.suppliers', staff: true } },
  { path: '/suppliers/:id(\\d+)/scorecard', alias: '/scorecard', component: () => import('./features/scorecard/Scorecard.vue'), meta: { title: 'score.title' } },
  { path: '/settings', component: () => import('./views/staff/Settings.vue'), meta: { title: 'nav.settings', staff: true } },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (!session.user && !to.meta.public) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (session.user && to.path === '/login') return '/';
  if (to.meta.staff && !staff.includes(session.user?.role)) return '/';
  if (to.meta.robots && !staff.includes(session.user?.role) && session.user?.role !== 'factory') return '/';
  return true;
});
