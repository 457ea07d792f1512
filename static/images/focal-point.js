// Click the preview in the image admin to set the focal point: crops keep that point in view.
(function () {
  "use strict";
  function setUp(preview) {
    var x = document.getElementById("id_focal_x");
    var y = document.getElementById("id_focal_y");
    var marker = preview.querySelector(".focal-preview__marker");
    var img = preview.querySelector("img");
    function place(fx, fy) {
      marker.style.left = (parseFloat(fx) || 0) * 100 + "%";
      marker.style.top = (parseFloat(fy) || 0) * 100 + "%";
    }
    if (!x || !y || !img) {
      // Read-only: show the saved point (a script, as no style attribute may set it).
      place(preview.dataset.focalX, preview.dataset.focalY);
      return;
    }
    function placeFromFields() { place(x.value, y.value); }
    img.addEventListener("click", function (event) {
      var box = img.getBoundingClientRect();
      x.value = ((event.clientX - box.left) / box.width).toFixed(3);
      y.value = ((event.clientY - box.top) / box.height).toFixed(3);
      placeFromFields();
    });
    x.addEventListener("input", placeFromFields);
    y.addEventListener("input", placeFromFields);
    placeFromFields();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-preview").forEach(setUp);
  });
})();
