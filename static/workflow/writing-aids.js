// The story form's writing aids (workflow/writing.py): word count, reading time, and the search
// result and social card previews, kept up to date while typing. Counts as the server does:
// pictures and embeds in the body count for nothing, every tag is a word boundary.
(function () {
  "use strict";
  // Text in the staff member's language: the admin's JavaScript catalog (admin:jsi18n,
  // loaded by every change form) when it is there, English otherwise.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  };
  var WORD = /[\p{L}\p{N}_\p{M}]+/gu;

  function box() { return document.querySelector(".writing-aids"); }

  function countWords(html) {
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.querySelectorAll("figure[data-image], figure[data-embed]").forEach(function (figure) {
      figure.remove();
    });
    var walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    var parts = [];
    while (walker.nextNode()) parts.push(walker.currentNode.nodeValue);
    return (parts.join(" ").match(WORD) || []).length;
  }

  function set(name, text) {
    var node = box().querySelector('[data-aid="' + name + '"]');
    if (node) node.textContent = text;
    return node;
  }

  function value(id) {
    var input = document.getElementById(id);
    return input ? input.value.trim() : "";
  }

  function showLength(html) {
    var aids = box();
    var words = countWords(html);
    var minutes = words ? Math.ceil(words / Number(aids.dataset.wordsPerMinute)) : 0;
    set("words", String(words));
    set("minutes", minutes
      ? interpolate(gettext("about %(minutes)s min read"), { minutes: minutes })
      : gettext("nothing to read yet"));
  }

  function showPreviews() {
    var aids = box();
    var title = value("id_seo_title") || value("id_headline");
    var description = value("id_seo_description") || value("id_lead");
    var titleLimit = Number(aids.dataset.titleLimit);
    var descriptionLimit = Number(aids.dataset.descriptionLimit);
    set("title", title || gettext("(no headline yet)"));
    set("og-title", title || gettext("(no headline yet)"));
    set("description", description || gettext("(no lead or description yet)"));
    set("og-description", description);
    var titleCount = set("title-count", interpolate(title.length > titleLimit
      ? gettext("Title: %(length)s/%(limit)s characters: search engines will cut it; set a shorter SEO title")
      : gettext("Title: %(length)s/%(limit)s characters"), { length: title.length, limit: titleLimit }));
    titleCount.classList.toggle("writing-aids__over", title.length > titleLimit);
    var descriptionCount = set("description-count", interpolate(description.length > descriptionLimit
      ? gettext("Description: %(length)s/%(limit)s: will be cut")
      : gettext("Description: %(length)s/%(limit)s"), { length: description.length, limit: descriptionLimit }));
    descriptionCount.classList.toggle("writing-aids__over", description.length > descriptionLimit);
  }

  document.addEventListener("prose-editor:ready", function (event) {
    if (!box() || event.detail.textarea.name !== "body") return;
    var editor = event.detail.editor;
    editor.on("update", function () { showLength(editor.getHTML()); });
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!box()) return;
    var url = box().querySelector('[data-aid="url"]');
    if (url.dataset.path) url.textContent = window.location.origin + url.dataset.path;
    ["id_headline", "id_seo_title", "id_lead", "id_seo_description"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) input.addEventListener("input", showPreviews);
    });
  });
})();
