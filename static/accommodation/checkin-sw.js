/* The service worker of the room check-in (accommodation). It caches the shell (the check-in
 * home and the files it loads) network-first, answers a room's link opened offline with the
 * cached home, and keeps offline check-ins in IndexedDB to send each once when back online
 * (the portal records a check-in once per client_id, so a repeated send changes nothing). */
"use strict";

var CACHE = "checkin-shell-v1";
var DB_NAME = "checkin-queue";
var STORE = "pending";
var home = new URL(self.registration.scope).pathname;

function openDb() {
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore(STORE, { keyPath: "client_id" });
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

function withStore(mode, work) {
  return openDb().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(STORE, mode);
      var result = work(tx.objectStore(STORE));
      tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
      tx.onerror = function () { reject(tx.error); };
    });
  });
}

function tell(count) {
  return self.clients.matchAll().then(function (clients) {
    clients.forEach(function (client) { client.postMessage({ type: "queued", count: count }); });
  });
}

function count() {
  return withStore("readonly", function (store) { return store.count(); });
}

var flushing = null;

function flush() {
  if (flushing) {
    return flushing;
  }
  flushing = withStore("readonly", function (store) { return store.getAll(); })
    .then(function (items) {
      return items.reduce(function (done, item) {
        return done.then(function () {
          var body = new FormData();
          body.append("client_id", item.client_id);
          body.append("at", item.at);
          return fetch(item.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Accept": "application/json", "X-CSRFToken": item.csrf },
            body: body
          }).then(function (response) {
            // recorded, or refused for good (not this worker's room, a bad code): drop it;
            // a server error or a lost session keeps it for the next try
            if (response.ok || response.status === 404 || response.status === 409 || response.status === 400) {
              return withStore("readwrite", function (store) { store.delete(item.client_id); });
            }
            return null;
          }, function () { return null; });
        });
      }, Promise.resolve());
    })
    .then(count)
    .then(tell)
    .finally(function () { flushing = null; });
  return flushing;
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.add(home); }).catch(function () { return null; }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && (request.mode !== "navigate" || new URL(request.url).pathname === home)) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) {
        if (hit) {
          return hit;
        }
        if (request.mode === "navigate") {
          return caches.match(home);
        }
        return Response.error();
      });
    })
  );
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "queue" && data.item) {
    event.waitUntil(
      withStore("readwrite", function (store) { store.put(data.item); })
        .then(function () {
          if (self.registration.sync) {
            return self.registration.sync.register("checkin-flush").catch(function () { return null; });
          }
          return null;
        })
        .then(count).then(tell)
    );
  } else if (data.type === "flush") {
    event.waitUntil(flush());
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === "checkin-flush") {
    event.waitUntil(flush());
  }
});
