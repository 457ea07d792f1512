// Live coverage (docs/live.md): while the newest page of an open coverage is shown, ask the
// story's entries endpoint for its newest entries every few seconds and put them in place: new
// entries at the top, corrected ones replaced, withdrawn ones removed, the key events and the
// closing summary refreshed. The endpoint is one cached address per story (the page cache answers
// it; the browser revalidates it), and its markup is the page's own (public/jinja2/live/). Without
// this script the page is complete; a reload shows the same.
(function () {
  "use strict";
  var section = document.querySelector("[data-live-endpoint]");
  var list = document.getElementById("live-entries");
  if (!section || !list || list.getAttribute("data-live-poll") !== "true" || !window.fetch) return;
  var endpoint = section.getAttribute("data-live-endpoint");
  var seconds = Math.max(1, parseInt(section.getAttribute("data-live-seconds"), 10) || 20);
  var status = document.getElementById("live-status");
  var last = null;
  var timer = null;

  function articles(root) {
    return Array.prototype.slice.call(root.querySelectorAll("article.live-entry[id]"));
  }

  function merge(fresh) {
    var freshItems = articles(fresh);
    var pageItems = articles(list);
    var onPage = {};
    pageItems.forEach(function (item) { onPage[item.id] = item; });
    var inFresh = {};
    freshItems.forEach(function (item) { inFresh[item.id] = true; });
    var lastFresh = freshItems.length ? freshItems[freshItems.length - 1].id : null;
    var known = lastFresh !== null && onPage[lastFresh];
    var tail = [];
    var past = false;
    pageItems.forEach(function (item) {
      if (item.id === lastFresh) { past = true; return; }
      // Past the newest page's oldest entry: older entries the reader already had. Before it,
      // an entry the endpoint no longer lists was withdrawn. With no common entry to tell,
      // what the reader has stays until a reload (and none stays if nothing is left).
      if (!inFresh[item.id] && (past || (!known && freshItems.length))) tail.push(item);
    });
    var added = 0;
    var order = freshItems.map(function (item) {
      var mine = onPage[item.id];
      if (mine && mine.getAttribute("data-version") === item.getAttribute("data-version")) {
        return mine;
      }
      if (!mine) added += 1;
      return document.importNode(item, true);
    });
    var empty = list.querySelector(".live-entries__empty");
    if (empty && order.length) empty.remove();
    order.concat(tail).forEach(function (item) { list.appendChild(item); });
    pageItems.forEach(function (item) {
      if (item.parentNode === list && order.indexOf(item) < 0 && tail.indexOf(item) < 0) {
        item.remove();
      }
    });
    return added;
  }

  function update(text) {
    var doc = new DOMParser().parseFromString(text, "text/html");
    var template = doc.getElementById("live-update");
    if (!template) return;
    var content = template.content || template;
    var state = content.querySelector("#live-state");
    var oldState = document.getElementById("live-state");
    if (state && oldState) oldState.replaceWith(document.importNode(state, true));
    var fresh = content.querySelector("#live-entries");
    var added = fresh ? merge(fresh) : 0;
    if (status && added) {
      status.textContent = added === 1 ? "1 new update" : added + " new updates";
    }
    if (template.getAttribute("data-ended") === "true") {
      if (status) status.textContent = "This live coverage has ended.";
      list.removeAttribute("data-live-poll");
      return "ended";
    }
  }

  function poll() {
    timer = null;
    if (document.hidden) return;  // asked again when the page is shown
    fetch(endpoint, { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        var ended = null;
        if (text && text !== last) {
          last = text;
          ended = update(text);
        }
        if (ended !== "ended") schedule();
      })
      .catch(schedule);
  }

  function schedule() {
    if (!timer) timer = window.setTimeout(poll, seconds * 1000);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !timer && list.getAttribute("data-live-poll") === "true") poll();
  });
  schedule();
})();
