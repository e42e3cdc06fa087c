// Trust Check: warn before leaving a page whose form holds input that was not saved.
// Forms marked data-warn-unsaved count as changed after any input; saving (submitting) them clears
// the mark. data-unsaved="1" marks a form the server sent back with errors: its input is not saved.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-warn-unsaved]");
  if (!forms.length) return;
  var dirty = false;
  Array.prototype.forEach.call(forms, function (form) {
    if (form.dataset.unsaved === "1") dirty = true;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
