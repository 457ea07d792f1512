// The story form while someone writes (workflow/editing.py): the text is autosaved every 30
// seconds when it changed, when the tab is hidden and on leaving; the edit lock beats every
// quarter of its life and is released on leaving; a take-over by someone else is said at once
// and stops this page saving over them. The server refuses a stale save anyway (its text kept):
// this script only makes it visible early.
(function () {
  "use strict";
  // Text in the staff member's language: the admin's JavaScript catalog (admin:jsi18n,
  // loaded by every change form) when it is there, English otherwise.
  const gettext = window.gettext || function (text) { return text; };
  const ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  const interpolate = function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  };
  const box = document.getElementById("story-editing");
  const form = document.getElementById("article_form");
  if (!box || !form) return;
  const status = box.querySelector(".story-editing__status");
  const FIELDS = ["headline", "kicker", "lead", "body", "dateline", "seo_title", "seo_description"];
  const AUTOSAVE_MS = 30000;
  const beatMs = Math.max(5, Number(box.dataset.lockSeconds || 120) / 4) * 1000;
  let lastSaved = snapshot();
  let stopped = false;
  let submitting = false;

  function field(name) {
    return form.querySelector("[name='" + name + "']");
  }

  function snapshot() {
    return JSON.stringify(FIELDS.map((name) => (field(name) ? field(name).value : null)));
  }

  function payload(extra) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value);
    data.append("opened_at", field("opened_at") ? field("opened_at").value : "");
    for (const [key, value] of Object.entries(extra || {})) data.append(key, value);
    return data;
  }

  function textPayload() {
    const data = payload({base_version: field("expected_version").value});
    for (const name of FIELDS) if (field(name)) data.append(name, field(name).value);
    return data;
  }

  function say(text, alert) {
    status.textContent = text;
    status.classList.toggle("is-alert", Boolean(alert));
  }

  function takenOver(message) {
    stopped = true;
    say(message, true);
  }

  function autosave(onLeaving) {
    if (submitting) return;
    const now = snapshot();
    if (now === lastSaved) return;
    if (onLeaving) {
      // The page may be gone before a fetch answers: a beacon is delivered anyway.
      if (navigator.sendBeacon(box.dataset.autosaveUrl, textPayload())) lastSaved = now;
      return;
    }
    fetch(box.dataset.autosaveUrl, {method: "POST", body: textPayload(), credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : Promise.reject(response)))
      .then((answer) => {
        lastSaved = now;
        if (answer.taken_over) takenOver(answer.taken_over);
        else if (!stopped) say(interpolate(gettext("Draft kept at %(time)s (not yet saved to the story)."), { time: answer.saved_at })
                               + (answer.message ? " " + answer.message : ""), answer.newer_save);
      })
      .catch(() => say(gettext("Could not keep the draft just now: keep this page open and save."), true));
  }

  function heartbeat() {
    if (stopped) return;
    fetch(box.dataset.heartbeatUrl, {method: "POST", body: payload(), credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (state && state.taken_over) takenOver(state.message);
      })
      .catch(() => {});
  }

  // Any form of the page (the story, a workflow move, take-over) comes back to this story,
  // which takes the lock again: no release on the way.
  document.addEventListener("submit", () => { submitting = true; });
  setInterval(() => autosave(false), AUTOSAVE_MS);
  // The heartbeat runs half a beat out of step with the autosave, so the two never hit the
  // server at the same moment.
  let beat = null;
  setTimeout(() => {
    heartbeat();
    beat = setInterval(() => (stopped ? clearInterval(beat) : heartbeat()), beatMs);
  }, beatMs / 2);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") autosave(true);
    else heartbeat();
  });
  window.addEventListener("pagehide", () => {
    autosave(true);
    if (!submitting && !stopped) navigator.sendBeacon(box.dataset.releaseUrl, payload());
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) { submitting = false; heartbeat(); }  // back from the page cache
  });
})();
