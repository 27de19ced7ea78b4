// Article comments: "Reply" links fill in the parent comment and move to the form, without reloading.
(function () {
  "use strict";
  var form = document.getElementById("kommentar-formular");
  if (!form) {
    return;
  }
  var parentField = form.querySelector("input[name=parent]");
  var replying = document.getElementById("comment-replying");
  var replyingText = document.getElementById("comment-replying-text");
  var cancel = document.getElementById("comment-reply-cancel");
  var body = form.querySelector("textarea[name=body]");
  var template = form.getAttribute("data-replying-template") || "";

  document.querySelectorAll("[data-reply-to]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      parentField.value = link.getAttribute("data-reply-to");
      replyingText.textContent = template.replace("%s", link.getAttribute("data-reply-name"));
      replying.classList.remove("d-none");
      form.scrollIntoView({ block: "start" });
      body.focus();
    });
  });
  if (cancel) {
    cancel.addEventListener("click", function (event) {
      event.preventDefault();
      parentField.value = "";
      replying.classList.add("d-none");
      body.focus();
    });
  }
})();
