/* The room check-in page (accommodation): registers the service worker that caches the shell,
 * and, offline, hands the check-in to it to send once back online. No inline script (CSP). */
(function () {
  "use strict";
  var app = document.getElementById("checkin-app");
  if (!app || !("serviceWorker" in navigator)) {
    return;
  }
  var scope = app.getAttribute("data-scope");

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (window.crypto.getRandomValues(new Uint8Array(1))[0] & 15);
      return (c === "x" ? r : (r & 3) | 8).toString(16);
    });
  }

  function send(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage(message);
      }
    });
  }

  function showQueued(count) {
    var box = document.getElementById("checkin-queued");
    var number = document.getElementById("checkin-queued-count");
    if (box && number) {
      number.textContent = String(count);
      box.classList.toggle("d-none", count === 0);
    }
  }

  function queue(url, clientId) {
    send({
      type: "queue",
      item: { url: url, client_id: clientId, at: new Date().toISOString(), csrf: csrf() }
    });
    var note = document.getElementById("checkin-offline");
    if (note) {
      note.classList.remove("d-none");
    }
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "queued") {
      showQueued(event.data.count);
    }
  });
  navigator.serviceWorker.register(app.getAttribute("data-sw"), { scope: scope }).then(function () {
    send({ type: "flush" });
  });
  window.addEventListener("online", function () {
    send({ type: "flush" });
  });

  var form = document.getElementById("checkin-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      if (!navigator.onLine) {
        event.preventDefault();
        var id = form.querySelector("input[name=client_id]");
        queue(window.location.pathname, id ? id.value : newId());
        form.classList.add("d-none");
      }
    });
  } else if (!navigator.onLine && window.location.pathname !== scope) {
    // a room's link opened offline: the worker sees the cached shell; keep the check-in
    queue(window.location.pathname, newId());
  }
})();
