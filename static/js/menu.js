// The header's menus are <details> elements and work without JavaScript. With it, the user menu also closes
// on a click elsewhere and on Escape (focus goes back to its toggle), as a dropdown is expected to.
(function () {
  "use strict";
  var SELECTOR = "details.site-dropdown[open]";
  document.addEventListener("click", function (event) {
    document.querySelectorAll(SELECTOR).forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !(event.target instanceof Element)) {
      return;
    }
    var menu = event.target.closest(SELECTOR);
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
