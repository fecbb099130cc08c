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

// Live parts of the 1:1 page refresh while both people are on it, but never
// while someone is typing or editing inside them.
function refreshLiveParts() {
  if (document.visibilityState !== "visible" || !window.htmx) return;
  document.querySelectorAll("[data-refresh]").forEach(function (part) {
    if (part.contains(document.activeElement) || part.querySelector("details[open] input, .nudge:focus-within")) return;
    window.htmx.ajax("GET", part.getAttribute("data-refresh"), { target: part, swap: "outerHTML" });
  });
}
setInterval(refreshLiveParts, 15000);

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
