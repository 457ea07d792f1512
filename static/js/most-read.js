// Counts one read of the story this page shows, for the most-read list (docs/mostread.md): one
// POST with the story's id and the token its page carries, no cookie, nothing stored here. A
// page opened in the background or prerendered is counted when it is first shown.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) {
    return;
  }
  var sent = false;
  function send() {
    if (sent || document.visibilityState !== "visible") {
      return;
    }
    sent = true;
    var data = new URLSearchParams();
    data.append("story", script.dataset.story);
    data.append("token", script.dataset.token);
    navigator.sendBeacon(script.dataset.beacon, data);
  }
  send();
  if (!sent) {
    document.addEventListener("visibilitychange", send);
  }
})();
