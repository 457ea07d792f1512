// The story and writer forms' image chooser: when an image id is picked from the library (or
// typed), show its thumbnail and whether it has alt text.
(function () {
  "use strict";
  function refresh(input) {
    var box = document.querySelector('.image-chooser__preview[data-for="' + input.id + '"]');
    if (!box) return;
    var id = input.value.trim();
    if (!/^\d+$/.test(id)) { box.hidden = true; return; }
    fetch(box.dataset.previewUrl.replace("__id__", id), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { box.hidden = true; return; }
        box.querySelector("img").src = data.url;
        var note = box.querySelector(".image-chooser__alt");
        note.textContent = data.alt_text ? note.dataset.altLabel + " " + data.alt_text : note.dataset.missing;
        box.hidden = false;
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var $ = window.django && window.django.jQuery;
    document.querySelectorAll(".image-chooser__preview").forEach(function (box) {
      var input = document.getElementById(box.dataset.for);
      if (!input) return;
      input.addEventListener("change", function () { refresh(input); });
      // The admin's lookup popup announces the choice with a jQuery event.
      if ($) $(input).on("change", function () { refresh(input); });
    });
  });
})();
