// Web Push in the app's service worker (imported by the generated sw.js,
// vite.config.js workbox.importScripts). A classic script: it runs before
// Workbox's code, in the worker's global scope.
//
// The server pushes {"id","kind","lang","title","body","url"}
// (docs/NOTIFICATIONS.md), already in the recipient's language. A payload that is not that JSON still
// shows something: the user must never get a silent push.
(function (sw) {
  'use strict';

  var ICON = '/icons/icon-192.png';
  var GENERIC_TITLE = 'Gendan 跟单';
  var GENERIC_BODY = '您有一条新通知 · You have a new notification';

  // The path (with query and hash) of a URL of this origin; '/' for anything
  // else: a notification only ever opens the app itself.
  function samePath(url) {
    try {
      var u = new URL(String(url || '/'), sw.location.origin);
      if (u.origin !== sw.location.origin) return '/';
      return u.pathname + u.search + u.hash;
    } catch (e) {
      return '/';
    }
  }

  // What to show for a push's data (a PushMessageData, or null).
  function notificationOf(data) {
    var p = null;
    try {
      p = data ? data.json() : null;
    } catch (e) {
      p = null;
    }
    if (!p || typeof p !== 'object' || Array.isArray(p)) {
      var text = '';
      try {
        text = data ? String(data.text() || '').slice(0, 300) : '';
      } catch (e) {
        text = '';
      }
      return { title: GENERIC_TITLE, options: { body: text || GENERIC_BODY, icon: ICON, tag: 'gendan', data: { url: '/' } } };
    }
    var kind = typeof p.kind === 'string' && p.kind ? p.kind : 'gendan';
    return {
      title: typeof p.title === 'string' && p.title ? p.title : GENERIC_TITLE,
      options: {
        body: typeof p.body === 'string' ? p.body : '',
        icon: ICON,
        // One notification per kind on the phone: a newer one replaces the
        // last of its kind, and still rings.
        tag: kind,
        renotify: true,
        data: { url: samePath(p.url), id: p.id },
      },
    };
  }

  // The app window to reuse: of this origin and not a customer's status
  // page (/s/…), focused or visible first.
  function pickClient(list) {
    var ours = list.filter(function (c) {
      try {
        var u = new URL(c.url);
        return u.origin === sw.location.origin && u.pathname.indexOf('/s/') !== 0;
      } catch (e) {
        return false;
      }
    });
    ours.sort(function (a, b) {
      return (b.focused ? 2 : b.visibilityState === 'visible' ? 1 : 0) - (a.focused ? 2 : a.visibilityState === 'visible' ? 1 : 0);
    });
    return ours[0] || null;
  }

  function open(path) {
    return sw.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
      var client = pickClient(list);
      if (!client) return sw.clients.openWindow(path);
      return Promise.resolve(client.focus ? client.focus() : client).then(function (c) {
        var win = c || client;
        var now = new URL(win.url);
        if (now.pathname + now.search + now.hash === path || !win.navigate) return win;
        return win.navigate(path).catch(function () {
          return sw.clients.openWindow(path);
        });
      });
    });
  }

  // A message the server sent twice (its dispatcher died between the push
  // service's answer and its record) has the same id: the copy replaces the
  // first on screen without ringing again.
  function show(n) {
    var id = n.options.data.id;
    var shown = id && sw.registration.getNotifications ? sw.registration.getNotifications({ tag: n.options.tag }) : Promise.resolve([]);
    return shown.catch(function () {
      return [];
    }).then(function (list) {
      if (list.some(function (s) { return s.data && s.data.id === id; })) n.options.renotify = false;
      return sw.registration.showNotification(n.title, n.options);
    });
  }

  sw.addEventListener('push', function (event) {
    event.waitUntil(show(notificationOf(event.data)));
  });

  // The push service replaced the subscription (expiry, key rotation): take
  // the new one (or subscribe again with the old one's options) and tell the
  // app's windows, which hand it to the server (push.js resync) — the worker
  // has no session of its own. A window opened later does the same at start.
  sw.addEventListener('pushsubscriptionchange', function (event) {
    var old = event.oldSubscription;
    var next = event.newSubscription
      ? Promise.resolve(event.newSubscription)
      : old && old.options ? sw.registration.pushManager.subscribe(old.options) : Promise.resolve(null);
    event.waitUntil(next.then(function () {
      return sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
    }).then(function (list) {
      list.forEach(function (c) {
        c.postMessage({ type: 'gendan-push-changed' });
      });
    }).catch(function () {}));
  });

  sw.addEventListener('notificationclick', function (event) {
    event.notification.close();
    var data = event.notification.data || {};
    event.waitUntil(open(samePath(data.url)));
  });

  sw.gendanPush = { notificationOf: notificationOf, samePath: samePath, pickClient: pickClient };
})(self);
