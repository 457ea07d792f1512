// Embeds whose documented code is a script (a post on X): the quote and its link are shown until
// the reader asks for the post, then the provider's script is loaded (the page's
// Content-Security-Policy allows that provider's script on pages that embed it, and nothing else).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-embed-script]");
    if (!button) return;
    var src = button.getAttribute("data-embed-script");
    if (!/^https:\/\/platform\.twitter\.com\/widgets\.js$/.test(src)) return;
    document.querySelectorAll('[data-embed-script="' + src + '"]').forEach(function (other) {
      other.hidden = true;
    });
    if (document.querySelector('script[src="' + src + '"]')) return;
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    document.body.appendChild(script);
  });
})();
