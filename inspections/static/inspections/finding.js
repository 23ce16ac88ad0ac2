/*
 * Offline capture of inspection findings (no inline script: the CSP allows only this file).
 *
 * - While typing, the form's text is kept as a draft in localStorage, so a closed tab or a
 *   lost connection loses nothing.
 * - On submit, the finding goes into a queue in localStorage with the reference (client_id)
 *   the phone gave it, and the queue is sent at once. A finding that cannot be sent (no
 *   connection) stays queued and is sent again when the phone is back online, when the page
 *   is opened again, and every 30 seconds. The server records a reference once, so a finding
 *   sent twice (the answer was lost on the way back) is still one finding.
 * - Without JavaScript the form posts as a plain form, with the reference the page gave it.
 */
(function () {
  "use strict";

  var QUEUE_KEY = "inspection-findings-queue";
  var MAX_OFFLINE_PHOTO = 2 * 1024 * 1024; // localStorage holds about 5 MB in all
  var sending = false;

  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function readQueue() {
    try {
      return JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function writeQueue(queue) {
    window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
  }

  function say(form, text) {
    var status = document.getElementById("finding-status");
    if (status) {
      status.textContent = text;
    }
  }

  function showWaiting(form) {
    var waiting = readQueue().length;
    if (waiting) {
      say(form, form.dataset.textWaiting + " " + waiting);
    }
  }

  function textFields(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "file" && el.type !== "submit") {
        fields[el.name] = el.value;
      }
    });
    return fields;
  }

  function saveDraft(form) {
    var fields = textFields(form);
    delete fields.csrfmiddlewaretoken;
    window.localStorage.setItem(form.dataset.draftKey, JSON.stringify(fields));
  }

  function restoreDraft(form) {
    var draft;
    try {
      draft = JSON.parse(window.localStorage.getItem(form.dataset.draftKey) || "null");
    } catch (e) {
      draft = null;
    }
    if (!draft) {
      return;
    }
    Object.keys(draft).forEach(function (name) {
      var el = form.elements[name];
      if (el && el.type !== "file") {
        el.value = draft[name];
      }
    });
  }

  function dataUrlToBlob(dataUrl) {
    var parts = dataUrl.split(",");
    var type = parts[0].split(":")[1].split(";")[0];
    var binary = window.atob(parts[1]);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return new Blob([bytes], { type: type });
  }

  function body(entry) {
    var data = new FormData();
    Object.keys(entry.fields).forEach(function (name) {
      data.append(name, entry.fields[name]);
    });
    if (entry.photo) {
      data.append("photo", dataUrlToBlob(entry.photo.dataUrl), entry.photo.name);
    }
    return data;
  }

  function sendQueue(form) {
    if (sending) {
      return;
    }
    var queue = readQueue();
    if (!queue.length) {
      return;
    }
    sending = true;
    var entry = queue[0];
    window.fetch(entry.url, {
      method: "POST",
      body: body(entry),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": entry.fields.csrfmiddlewaretoken },
    }).then(function (response) {
      sending = false;
      if (response.ok) {
        writeQueue(readQueue().filter(function (e) { return e.id !== entry.id; }));
        say(form, form.dataset.textSent);
        sendQueue(form);
        return null;
      }
      if (response.status === 400) {
        // refused by the ministry: kept nowhere, its errors shown to the inspector
        writeQueue(readQueue().filter(function (e) { return e.id !== entry.id; }));
        return response.json().then(function (answer) {
          var messages = [];
          Object.keys(answer.errors || {}).forEach(function (field) {
            answer.errors[field].forEach(function (error) { messages.push(error.message); });
          });
          say(form, form.dataset.textRefused + " " + messages.join(" "));
        });
      }
      showWaiting(form); // signed out or a server error: try again later
      return null;
    }).catch(function () {
      sending = false; // offline: the entry stays queued
      showWaiting(form);
    });
  }

  function queueSubmission(form) {
    var fields = textFields(form);
    var entry = { id: fields.client_id, url: form.action, fields: fields, photo: null };
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    var done = function () {
      var queue = readQueue().filter(function (e) { return e.id !== entry.id; });
      queue.push(entry);
      writeQueue(queue);
      window.localStorage.removeItem(form.dataset.draftKey);
      form.reset();
      form.elements.client_id.value = newId(); // the next finding is a new one
      say(form, form.dataset.textQueued);
      sendQueue(form);
    };
    if (!file) {
      done();
      return;
    }
    if (file.size > MAX_OFFLINE_PHOTO && !window.navigator.onLine) {
      say(form, form.dataset.textPhotoTooLarge);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      entry.photo = { name: file.name, dataUrl: reader.result };
      done();
    };
    reader.readAsDataURL(file);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-offline-capture]");
    if (!form || !window.localStorage || !window.fetch) {
      return; // the plain form still works
    }
    restoreDraft(form);
    if (!form.elements.client_id.value) {
      form.elements.client_id.value = newId();
    }
    form.addEventListener("input", function () { saveDraft(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      queueSubmission(form);
    });
    window.addEventListener("online", function () { sendQueue(form); });
    window.setInterval(function () { sendQueue(form); }, 30000);
    showWaiting(form);
    sendQueue(form);
  });
})();
