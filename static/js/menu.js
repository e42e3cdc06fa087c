// Trust Check: the header menu is a <details> element, open in the page as sent (so it works
// without JavaScript); on a narrow screen it starts folded, on a wide one it stays open.
(function () {
  "use strict";
  var menu = document.querySelector(".site-menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 801px)");
  function sync() { menu.open = wide.matches; }
  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
})();
