// The picture chooser (docs/images.md): a dialog over the form that searches the library by alt
// text, caption or credit, shows thumbnails a page at a time, and uploads a new picture on the
// spot through the library's own checks. Used by the story and writer forms' picture fields and
// by the body editor's Picture button (static/workflow/body-editor.js), through
// window.newsroomImageChooser.open({chooserUrl, uploadUrl}) -> Promise of the chosen picture
// ({id, thumbnail, alt_text, caption, credit, ...}) or null.
//
// Keyboard: the dialog is modal (Tab stays in it, Escape closes it); the search box has focus
// first; arrow keys move between thumbnails; Enter or Space chooses one.
(function () {
  "use strict";
  // Text in the staff member's language: the admin's JavaScript catalog (admin:jsi18n,
  // loaded by every change form) when it is there, English otherwise.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  };

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else if (key === "className") node.className = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  var counter = 0;

  function open(options) {
    counter += 1;
    var ids = { title: "image-picker-title-" + counter, search: "image-picker-q-" + counter };
    return new Promise(function (resolve) {
      var state = { page: 1, q: "", done: false, timer: null, seq: 0 };
      var search = el("input", { type: "search", id: ids.search, className: "image-picker__search",
                                 placeholder: gettext("Alt text, caption or credit"), autocomplete: "off" });
      var status = el("p", { className: "image-picker__status", role: "status", "aria-live": "polite" });
      var list = el("ul", { className: "image-picker__results", role: "list" });
      var previous = el("button", { type: "button", className: "button", text: gettext("Previous page") });
      var next = el("button", { type: "button", className: "button", text: gettext("Next page") });
      var close = el("button", { type: "button", className: "button image-picker__close", text: gettext("Cancel") });
      var uploadBox = el("details", { className: "image-picker__upload", hidden: "" });
      var uploadForm = el("form", { className: "image-picker__upload-form" });
      var uploadErrors = el("div", { className: "image-picker__errors", role: "alert" });
      function field(label, input) {
        return el("p", {}, [el("label", { for: input.id, text: label }), input]);
      }
      var fileInput = el("input", { type: "file", id: "image-picker-file-" + counter, name: "file",
                                    accept: "image/jpeg,image/png,image/webp,image/gif", required: "" });
      var altInput = el("input", { type: "text", id: "image-picker-alt-" + counter, name: "alt_text", maxlength: "250" });
      var captionInput = el("input", { type: "text", id: "image-picker-caption-" + counter, name: "caption", maxlength: "300" });
      var creditInput = el("input", { type: "text", id: "image-picker-credit-" + counter, name: "credit", maxlength: "120" });
      uploadForm.append(
        field(gettext("Picture (JPEG, PNG, WebP or GIF)"), fileInput),
        field(gettext("Alt text (what it shows, for readers who cannot see it)"), altInput),
        field(gettext("Caption"), captionInput),
        field(gettext("Credit / source"), creditInput),
        uploadErrors,
        el("p", {}, [el("button", { type: "submit", className: "button default", text: gettext("Upload and choose") })])
      );
      uploadBox.append(el("summary", { text: gettext("Upload a new picture") }), uploadForm);

      var dialog = el("dialog", { className: "image-picker", "aria-labelledby": ids.title }, [
        el("h2", { id: ids.title, text: gettext("Choose a picture") }),
        el("form", { className: "image-picker__search-form", role: "search" }, [
          el("label", { for: ids.search, text: gettext("Search the library") }), search,
          el("button", { type: "submit", className: "button", text: gettext("Search") }),
        ]),
        status, list,
        el("p", { className: "image-picker__pager" }, [previous, next]),
        uploadBox,
        el("p", {}, [close]),
      ]);
      document.body.appendChild(dialog);

      function finish(value) {
        if (state.done) return;
        state.done = true;
        if (dialog.open) dialog.close();
        dialog.remove();
        resolve(value);
      }

      function render(data) {
        list.textContent = "";
        data.results.forEach(function (item) {
          var label = item.alt_text || item.caption || interpolate(gettext("Picture %(id)s (no alt text)"), { id: item.id });
          var thumb = item.thumbnail
            ? el("img", { src: item.thumbnail, alt: "", width: "160", loading: "lazy" })
            : el("span", { className: "image-picker__processing", text: gettext("Being processed…") });
          var button = el("button", { type: "button", className: "image-picker__item",
                                      "data-id": String(item.id) }, [
            thumb,
            el("span", { className: "image-picker__label", text: label }),
            item.alt_text ? null : el("strong", { className: "image-picker__warning", text: gettext("No alt text") }),
            item.credit ? el("span", { className: "image-picker__credit", text: item.credit }) : null,
          ]);
          button.addEventListener("click", function () { finish(item); });
          list.appendChild(el("li", {}, [button]));
        });
        previous.disabled = !data.has_previous;
        next.disabled = !data.has_next;
        uploadBox.hidden = !data.can_upload;
        status.textContent = data.results.length
          ? (state.q
            ? interpolate(gettext("Page %(page)s of pictures matching “%(q)s”"), { page: data.page, q: state.q })
            : interpolate(gettext("Page %(page)s"), { page: data.page }))
          : (state.q
            ? interpolate(gettext("No picture matches “%(q)s”."), { q: state.q })
            : gettext("The library is empty."));
      }

      function load() {
        var url = options.chooserUrl + "?" + new URLSearchParams({ q: state.q, page: String(state.page) });
        var seq = ++state.seq;  // an older answer arriving late is ignored
        status.textContent = "Loading…";
        return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return response.json();
          })
          .then(function (data) { if (seq === state.seq) render(data); })
          .catch(function () {
            if (seq === state.seq) status.textContent = gettext("The library could not be read. Try again.");
          });
      }

      dialog.querySelector(".image-picker__search-form").addEventListener("submit", function (event) {
        event.preventDefault();
        state.q = search.value.trim();
        state.page = 1;
        load();
      });
      search.addEventListener("input", function () {
        clearTimeout(state.timer);
        state.timer = setTimeout(function () {
          if (search.value.trim() === state.q) return;
          state.q = search.value.trim();
          state.page = 1;
          load();
        }, 300);
      });
      previous.addEventListener("click", function () { state.page -= 1; load(); });
      next.addEventListener("click", function () { state.page += 1; load(); });
      close.addEventListener("click", function () { finish(null); });
      dialog.addEventListener("cancel", function (event) { event.preventDefault(); finish(null); });
      list.addEventListener("keydown", function (event) {
        var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
        if (!(event.key in moves)) return;
        var items = Array.prototype.slice.call(list.querySelectorAll(".image-picker__item"));
        var index = items.indexOf(document.activeElement);
        if (index < 0) return;
        event.preventDefault();
        var target = items[Math.max(0, Math.min(items.length - 1, index + moves[event.key]))];
        target.focus();
      });
      uploadForm.addEventListener("submit", function (event) {
        event.preventDefault();
        uploadErrors.textContent = "";
        var body = new FormData(uploadForm);
        body.append("focal_x", "0.5");
        body.append("focal_y", "0.5");
        fetch(options.uploadUrl, {
          method: "POST", body: body, credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        }).then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; },
                                       function () { return { ok: false, data: {} }; });
        }).then(function (answer) {
          if (answer.ok) { finish(answer.data.image); return; }
          var errors = answer.data.errors || { __all__: [{ message: gettext("The upload failed. Try again.") }] };
          Object.keys(errors).forEach(function (name) {
            errors[name].forEach(function (error) {
              uploadErrors.appendChild(el("p", { className: "errornote", text: error.message }));
            });
          });
        });
      });

      dialog.showModal();
      search.focus();
      load();
    });
  }

  window.newsroomImageChooser = { open: open };

  // The picture fields of the story and writer forms.
  function show(box, data) {
    var input = box.querySelector("input[type=hidden]");
    var preview = box.querySelector(".image-chooser__preview");
    var note = box.querySelector(".image-chooser__alt");
    var chooseButton = box.querySelector(".image-chooser__choose");
    var clearButton = box.querySelector(".image-chooser__clear");
    if (!data) {
      input.value = "";
      preview.hidden = true;
      clearButton.hidden = true;
      chooseButton.textContent = gettext("Choose a picture…");
    } else {
      input.value = String(data.id);
      var img = preview.querySelector("img");
      img.src = data.thumbnail || data.url || "";
      img.hidden = !img.src;
      note.textContent = data.alt_text ? gettext("Alt text:") + " " + data.alt_text : note.dataset.missing;
      preview.hidden = false;
      clearButton.hidden = false;
      chooseButton.textContent = gettext("Change picture…");
    }
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".image-chooser").forEach(function (box) {
      var chooseButton = box.querySelector(".image-chooser__choose");
      chooseButton.addEventListener("click", function () {
        open({ chooserUrl: box.dataset.chooserUrl, uploadUrl: box.dataset.uploadUrl })
          .then(function (picked) {
            if (picked) show(box, picked);
            chooseButton.focus();
          });
      });
      box.querySelector(".image-chooser__clear").addEventListener("click", function () {
        show(box, null);
        chooseButton.focus();
      });
    });
  });
})();
