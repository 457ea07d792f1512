// The newsroom checks box on the story form (templates/admin/workflow/checks.html): while the
// story is written, the form is posted to the checks endpoint (nothing is saved) and the list
// is redrawn from its JSON. A static file, so the admin's CSP needs no inline script.
(function () {
  "use strict";
  // Text in the staff member's language: the admin's JavaScript catalog (admin:jsi18n,
  // loaded by every change form) when it is there, English otherwise.
  const gettext = window.gettext || function (text) { return text; };
  const ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  const interpolate = function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  };
  const box = document.getElementById("story-checks");
  const form = document.getElementById("article_form");
  if (!box || !form) return;
  const summary = box.querySelector(".story-checks__summary");
  const list = box.querySelector(".story-checks__list");
  let timer = null;
  let running = null;

  function draw(report) {
    list.replaceChildren();
    for (const finding of report.findings) {
      const item = document.createElement("li");
      item.className = "story-check story-check--" + finding.level;
      const label = document.createElement("strong");
      label.textContent = finding.level === "blocker" ? gettext("Must fix:") : gettext("Warning:");
      item.append(label, " " + finding.message);
      list.append(item);
    }
    summary.textContent = report.findings.length
      ? interpolate(ngettext(
        "%(blockers)s to fix before submitting or publishing, %(count)s warning (not saved yet).",
        "%(blockers)s to fix before submitting or publishing, %(count)s warnings (not saved yet).",
        report.warnings), { blockers: report.blockers, count: report.warnings })
      : gettext("Nothing to fix.");
  }

  function check() {
    const data = new FormData(form);
    const body = new FormData();
    for (const name of ["headline", "kicker", "lead", "body", "dateline", "hero_image"]) {
      if (data.has(name)) body.append(name, data.get(name));
    }
    body.append("csrfmiddlewaretoken", data.get("csrfmiddlewaretoken"));
    if (running) running.abort();
    running = new AbortController();
    fetch(box.dataset.url, {method: "POST", body: body, signal: running.signal,
                            credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : null))
      .then((report) => report && draw(report))
      .catch(() => {});  // the box keeps its last state; the save checks again
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(check, 800);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  // The rich-text editor writes its textarea without an input event: look now and then.
  let last = null;
  setInterval(function () {
    const body = form.querySelector("[name=body]");
    if (body && body.value !== last) {
      if (last !== null) soon();
      last = body.value;
    }
  }, 2000);
})();
