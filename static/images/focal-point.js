// Click the preview in the image admin to set the focal point: crops keep that point in view.
(function () {
  "use strict";
  function setUp(preview) {
    var x = document.getElementById("id_focal_x");
    var y = document.getElementById("id_focal_y");
    var marker = preview.querySelector(".focal-preview__marker");
    var img = preview.querySelector("img");
    if (!x || !y || !img) return;
    function place() {
      marker.style.left = (parseFloat(x.value) || 0) * 100 + "%";
      marker.style.top = (parseFloat(y.value) || 0) * 100 + "%";
    }
    img.addEventListener("click", function (event) {
      var box = img.getBoundingClientRect();
      x.value = ((event.clientX - box.left) / box.width).toFixed(3);
      y.value = ((event.clientY - box.top) / box.height).toFixed(3);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-preview").forEach(setUp);
  });
})();
