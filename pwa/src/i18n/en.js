export default {
  app: { name: 'Gendan', tagline: 'Follow every order from sample to delivery' },
  common: {
    productionSheet: 'Production sheet (printable)',
    minutes: '{n} minute | {n} minutes', more: 'Load more', loading: 'Loading…', retry: 'Try again', save: 'Save', cancel: 'Cancel', back: 'Back',
    offline: 'You are offline. Changes are kept and sent when the connection returns.',
    offlineData: 'Offline — showing the last data fetched {time}.',
    cachedData: 'Showing data from {time} (kept on this device).',
    error: 'Something went wrong.', empty: 'Nothing here yet.', saved: 'Saved', queued: 'Saved offline; it will be sent when you are back online.', forceQuestion: 'Save with this date anyway?', saveAnyway: 'Save anyway',
    uploading: 'Uploading photo {i} of {n} · {pct}%. You can close the app: it will be sent.',
  },
  login: {
    title: 'Sign in', login: 'E-mail or mobile number', loginPlaceholder: "you{'@'}company.com or 138…", password: 'Password',
    submit: 'Sign in', required: 'Required', failed: 'The login or password is wrong.', language: '中文',
  },
  nav: {
    inspections: 'Inspections', orders: 'Orders', outbox: 'Outbox', me: 'Me', dashboard: 'Dashboard', approvals: 'Approvals',
    suppliers: 'Suppliers', settings: 'Settings', menu: 'Menu', signOut: 'Sign out', deliveries: 'Deliveries', warehouses: 'Warehouses', today: 'Today',
  },
  orders: {
    title: 'My orders', emptyFactory: 'No orders are assigned to your factory yet.',
    emptyStaff: 'No orders yet. Orders you create or import will appear here.', supplier: 'Factory',
  },
  outbox: {
    title: 'Outbox', empty: 'Everything has been sent.', pending: 'Waiting to send', sending: 'Sending…', waiting: 'Will retry {time}',
    failed: 'Not accepted', retry: 'Retry', discard: 'Discard', discardConfirm: 'Discard this change? It will not be sent.',
    photo: 'Photo', photos: '{n} photo | {n} photos', attempts: '{n} attempts', sendNow: 'Send now', uploading: 'Uploading {pct}%',
  },
  me: {
    title: 'Me', name: 'Name', email: 'E-mail', phone: 'Mobile', role: 'Role', supplier: 'Factory', language: 'Language',
    editName: 'Change name', namePlaceholder: 'Your name', signOut: 'Sign out', signOutPending: 'There are {n} unsent changes. Sign out anyway? They stay on this phone and are sent when you sign in again.',
  },
  roles: { qc: 'QC inspector', admin: 'Administrator', merchandiser: 'Merchandiser', factory: 'Factory staff' },
  dashboard: { title: 'Delivery risk', empty: 'No active orders to watch yet.' },
  approvals: { title: 'Approvals', empty: 'No samples are waiting for your decision.' },
  suppliers: { reduced: 'Reduced inspection', reducedShort: 'Reduced inspection allowed', reducedFor: 'Allow reduced inspection for {name} (ISO 2859-1 9.3.3 c)', title: 'Suppliers', empty: 'No suppliers yet.', code: 'Code', contact: 'Contact', inactive: 'Inactive', search: 'Search by name or code' },
  settings: { title: 'Settings', language: 'Language', about: 'About Gendan', version: 'Version' },
  lang: { 'zh-CN': '中文', en: 'English' },
};
