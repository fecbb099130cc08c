// Showup's small behaviours. Every page works without them; they only make it nicer.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The phone-width menu button.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".nav-toggle");
    if (!toggle) return;
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = !nav.classList.contains("is-open");
    nav.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // Close an open <details> menu when the click lands outside it, or on Escape.
  function closeMenus(except) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest("details.account-menu"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeMenus(null);
  });

  // Forms that destroy or end something ask first.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Org chart: filter the tree as you type, keeping each match's managers visible.
  function filterTree(input) {
    var tree = document.getElementById(input.getAttribute("data-tree-filter"));
    if (!tree) return;
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var items = tree.querySelectorAll("li[data-search]");
    var shown = 0;
    items.forEach(function (item) { item.classList.toggle("is-hidden", words.length > 0); });
    items.forEach(function (item) {
      var text = item.getAttribute("data-search");
      if (!words.every(function (word) { return text.indexOf(word) !== -1; })) return;
      shown += 1;
      for (var node = item; node && node !== tree; node = node.parentElement) {
        if (node.matches("li[data-search]")) node.classList.remove("is-hidden");
        if (node.tagName === "DETAILS" && words.length) node.open = true;
      }
    });
    var status = document.getElementById(input.getAttribute("aria-describedby"));
    if (status) status.textContent = words.length ? shown + (shown === 1 ? " person matches" : " people match") : "";
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-tree-filter]")) filterTree(event.target);
  });
})();

// Read-only fields meant for copying select themselves.
document.addEventListener("focusin", function (event) {
  if (event.target.matches("[data-select-on-focus]")) event.target.select();
});

// Copy buttons: hidden without JavaScript (the field selects itself instead).
function showCopyButtons() {
  document.querySelectorAll("button[data-copy]").forEach(function (button) { button.hidden = false; });
}
document.addEventListener("DOMContentLoaded", showCopyButtons);
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var id = button.getAttribute("data-copy");
  var field = document.getElementById(id);
  var status = document.querySelector('[data-copied-for="' + id + '"]');
  function say(text) { if (status) status.textContent = text; }
  function byHand() {
    field.focus();
    field.select();
    say(document.execCommand && document.execCommand("copy") ? "Copied." : "Selected: press Ctrl+C (⌘C) to copy.");
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(function () { say("Copied."); }, byHand);
  } else {
    byHand();
  }
});

// The schedule form shows the custom rule field only for a custom cadence.
function syncCadence(select) {
  var custom = select.form && select.form.querySelector(".custom-rule");
  if (custom) custom.hidden = select.value !== "custom";
}
document.addEventListener("change", function (event) {
  if (event.target.matches("select[name=cadence]")) syncCadence(event.target);
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[name=cadence]").forEach(syncCadence);
});

// Live parts of the 1:1 page refresh when the other person changes something,
// but never while someone is typing or editing inside them.
function busy(part) {
  // htmx gives focus back to a field with an id after the swap; one without would lose it.
  var active = document.activeElement;
  if (part.contains(active) && active.matches("input:not([id]), textarea:not([id]), select, button:focus-visible")) return true;
  if (part.querySelector("details[open] input, .nudge:focus-within")) return true;
  // Text typed and not sent yet, even if the person clicked elsewhere meanwhile.
  return Array.prototype.some.call(part.querySelectorAll("input[type=text], textarea"), function (field) {
    return field.value !== field.defaultValue;
  });
}
function refreshLiveParts() {
  if (document.visibilityState !== "visible" || !window.htmx) return;
  document.querySelectorAll("[data-refresh]").forEach(function (part) {
    if (!busy(part)) window.htmx.ajax("GET", part.getAttribute("data-refresh"), { target: part, swap: "outerHTML" });
  });
}
// A refresh asked for before someone started typing in the part arrives after: it waits.
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  if (event.detail.requestConfig && event.detail.requestConfig.verb === "get" && target && target.matches && target.matches("[data-refresh]") && busy(target)) {
    event.detail.shouldSwap = false;
  }
});
setInterval(function () { refreshLiveParts(); refreshNotes(); }, 60000);  // and now and then anyway, should a change be missed

// The open 1:1 page hears whether anything changed (the pair's stamp) and who
// else has it open: pushed on its stream under the ASGI server, or else asked
// every second (a 304 while nothing changed). On a change it fetches its live
// parts and the notes again, each for this reader. A hidden tab lets go of its
// stream (and so of its presence) until it is shown again.
(function () {
  var live = document.querySelector("[data-live]");
  if (!live || !window.fetch) return;
  var url = live.getAttribute("data-live");
  var streamUrl = live.getAttribute("data-live-stream");
  var presence = live.querySelector("[data-presence]");
  // The stamp the page was rendered at: a change made before its stream opened is fetched too.
  var rendered = parseInt(live.getAttribute("data-live-stamp"), 10);
  var stamp = isNaN(rendered) ? null : rendered, source = null, polling = null;
  var STREAM_RETRY_MS = 60000;
  function show(here) {
    if (!presence) return;
    presence.hidden = here.length === 0;
    presence.textContent = here.length ? here.join(", ") + (here.length === 1 ? " has" : " have") + " this 1:1 open too." : "";
  }
  function take(state) {
    show(state.here);
    if (stamp !== null && state.stamp !== stamp) { refreshLiveParts(); refreshNotes(); }
    stamp = state.stamp;
  }
  function poll() {
    if (document.visibilityState !== "visible") return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) { if (state) take(state); })
      .catch(function () { /* offline for a moment: the next second asks again */ });
  }
  function startPolling() {
    live.setAttribute("data-live-mode", "polling");
    if (polling) return;
    poll();
    polling = setInterval(poll, 1000);
  }
  function stopPolling() {
    clearInterval(polling);
    polling = null;
  }
  function listen() {
    if (!streamUrl || !window.EventSource) return startPolling();
    var opened = false;
    source = new EventSource(streamUrl, { withCredentials: true });  // its own origin under `make run`
    source.onopen = function () {
      opened = true;
      stopPolling();
      live.setAttribute("data-live-mode", "stream");
    };
    source.onmessage = function (event) { take(JSON.parse(event.data)); };
    // A stream that dropped reconnects by itself (the server ends each one now
    // and then); one that never opened (a WSGI server answers 404, or the stream
    // server is down) gives way to asking, and is tried again a minute later.
    source.onerror = function () {
      if (!source || (opened && source.readyState !== EventSource.CLOSED)) return;
      source.close();
      source = null;
      startPolling();
      setTimeout(function tryAgain() {
        if (source) return;
        if (document.visibilityState === "visible") listen(); else setTimeout(tryAgain, STREAM_RETRY_MS);
      }, STREAM_RETRY_MS);
    };
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      if (polling) poll(); else if (!source) listen();
    } else if (source) {
      source.close();
      source = null;
    }
  });
  listen();
})();

// Two people typing in the shared note. A save that finds a newer note comes back
// merged; the box takes the merged text in only if its writer has not typed on
// since sending. If they have, base and version stay as they were, so the next
// save merges again from the same text, and no keystroke is lost.
function noteParts(which) {
  var form = document.querySelector("#note-" + which + " form[data-note-form]");
  if (!form) return null;
  return {
    form: form,
    area: form.querySelector("textarea[name=body]"),
    base: document.getElementById("note-" + which + "-base"),
    version: document.getElementById("note-" + which + "-version"),
    holder: document.getElementById("note-" + which + "-merged")
  };
}
function replaceKeepingCursor(area, text) {
  var old = area.value, focused = document.activeElement === area;
  var start = area.selectionStart, end = area.selectionEnd;
  var prefix = 0;
  while (prefix < old.length && prefix < text.length && old[prefix] === text[prefix]) prefix++;
  var suffix = 0;
  while (suffix < old.length - prefix && suffix < text.length - prefix && old[old.length - 1 - suffix] === text[text.length - 1 - suffix]) suffix++;
  function moved(position) {
    if (position <= prefix) return position;
    if (position >= old.length - suffix) return position + text.length - old.length;
    return text.length - suffix;
  }
  area.value = text;
  if (focused) area.setSelectionRange(moved(start), moved(end));
}
function takeIn(parts, since) {
  var version = parts.holder.getAttribute("data-version");
  if (!version) return;
  parts.holder.removeAttribute("data-version");
  var text = parts.holder.textContent;
  if (parts.area.value !== since) return;
  if (parts.area.value !== text) replaceKeepingCursor(parts.area, text);
  parts.base.value = text;
  parts.version.value = version;
}
document.addEventListener("htmx:beforeRequest", function (event) {
  var form = event.target.closest && event.target.closest("form[data-note-form]");
  if (form) form.setAttribute("data-sent", form.querySelector("textarea[name=body]").value);
});
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.target.closest && event.target.closest("form[data-note-form]");
  if (!form) return;
  var parts = noteParts(form.parentElement.id.replace(/^note-/, ""));
  if (parts) takeIn(parts, form.getAttribute("data-sent"));
  form.removeAttribute("data-sent");
});
function refreshNotes() {
  ["shared", "private"].forEach(function (which) {
    var parts = noteParts(which);
    if (!parts || !parts.holder || parts.form.hasAttribute("data-sent")) return;
    if (parts.area.value !== parts.base.value) return;  // unsaved typing: its save merges
    fetch(parts.holder.getAttribute("data-current"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html || parts.form.hasAttribute("data-sent")) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-version]");
        if (!fresh) return;
        parts.holder.setAttribute("data-version", fresh.getAttribute("data-version"));
        parts.holder.textContent = fresh.textContent;
        takeIn(parts, parts.base.value);
      });
  });
}

// Notes keep a copy of unsaved text in this browser, so closing the tab or
// losing the network never loses it.
function draftOf(area) { return "showup-draft:" + area.getAttribute("data-draft-key"); }
document.addEventListener("input", function (event) {
  if (event.target.matches("textarea[data-draft-key]")) {
    try { localStorage.setItem(draftOf(event.target), event.target.value); } catch (e) { /* storage full or off */ }
  }
});
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll("form[data-note-form]").forEach(function (form) {
    var status = form.parentElement.querySelector("[role=status]");
    var area = form.querySelector("textarea[data-draft-key]");
    if (area && status && status.textContent.indexOf("Saved") === 0) {
      try { localStorage.removeItem(draftOf(area)); } catch (e) { /* ignore */ }
    }
  });
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("textarea[data-draft-key]").forEach(function (area) {
    var draft = null;
    try { draft = localStorage.getItem(draftOf(area)); } catch (e) { return; }
    if (draft === null || draft === area.value) return;
    var banner = document.createElement("p");
    banner.className = "alert alert-warning draft-banner";
    banner.textContent = "This browser has text you typed here that was never saved. ";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-sm";
    restore.textContent = "Put it back in the box";
    restore.addEventListener("click", function () {
      area.value = draft;
      banner.remove();
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
    banner.appendChild(restore);
    area.parentElement.insertBefore(banner, area);
  });
});

// After a conflict, the person confirms they merged: their text is saved over the newer version.
document.addEventListener("click", function (event) {
  var accept = event.target.closest("[data-accept-version]");
  if (!accept) return;
  var version = document.getElementById(accept.getAttribute("data-target"));
  version.value = accept.getAttribute("data-accept-version");
  var form = version.form;
  accept.closest(".conflict").remove();
  if (window.htmx) window.htmx.trigger(form, "submit"); else form.submit();
});

document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// One-click links from e-mails: a person's browser submits the answer; a mail scanner does not.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) form.submit();
});

// Each form's one-time key makes a resent request harmless; once a request
// has been answered, the forms still on the page get fresh keys for the next one.
function freshKey() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
  return String(Date.now()) + "-" + String(Math.random()).slice(2);
}
function renewKeys() {
  document.querySelectorAll("input[name=once]").forEach(function (input) { input.value = freshKey(); });
}
document.addEventListener("htmx:afterRequest", renewKeys);
// A form answered with its new item alone (the agenda's "Add") stays on the page, so it
// empties itself; a refusal answers with the whole part, a new form holding the message.
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.detail.elt;
  if (event.detail.successful && form.matches && form.matches("form[data-reset-after]")) form.reset();
});
// A page served from a cache carries the keys it was first rendered with.
document.addEventListener("DOMContentLoaded", renewKeys);

// A refused htmx request (bad input, not found) says why at the top of the page.
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var type = xhr.getResponseHeader("Content-Type") || "";
  var text = type.indexOf("text/plain") === 0 && xhr.responseText ? xhr.responseText : "That did not work, and nothing was changed. Reload the page and try again.";
  var main = document.getElementById("main");
  if (!main) return;
  var flash = main.querySelector(".flash");
  if (!flash) {
    flash = document.createElement("div");
    flash.className = "flash";
    flash.setAttribute("role", "alert");
    main.insertBefore(flash, main.firstChild);
  }
  var alert = document.createElement("p");
  alert.className = "alert alert-error";
  alert.textContent = text;
  flash.replaceChildren(alert);
});
