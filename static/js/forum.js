// "Zitieren" with a text selection inside the post: the reply form quotes just that part (?auswahl=). The server
// quotes it only if it is the post's text; without JavaScript the link quotes the whole post.
(function () {
  "use strict";

  function withSelection(link) {
    var post = link.closest("article.forum-post");
    var body = post && post.querySelector(".forum-post-body");
    var selection = window.getSelection();
    if (!body || !selection || selection.isCollapsed) {
      return;
    }
    if (!body.contains(selection.anchorNode) || !body.contains(selection.focusNode)) {
      return;
    }
    var text = selection.toString().trim();
    if (!text) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("auswahl", text.slice(0, 1500));
    link.href = url.toString();
  }

  // pointerdown comes before a click can clear the selection; click covers the keyboard.
  ["pointerdown", "click"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var link = event.target.closest && event.target.closest("a.forum-quote-link");
      if (link) {
        withSelection(link);
      }
    });
  });
})();
