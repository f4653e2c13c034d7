// msoc: keyboard shortcuts of the review queue and confirmations (no inline scripts; CSP).
(function () {
  "use strict";
  function items() { return Array.prototype.slice.call(document.querySelectorAll("article.item")); }
  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest("article.item") : null;
  }
  function focusAt(index) {
    var list = items();
    if (!list.length) { return; }
    var i = Math.max(0, Math.min(list.length - 1, index));
    list[i].focus();
    list[i].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (!document.querySelector("article.item")) { return; }
    var card = current();
    var index = card ? items().indexOf(card) : -1;
    if (event.key === "j") { focusAt(index + 1); event.preventDefault(); return; }
    if (event.key === "k") { focusAt(index - 1); event.preventDefault(); return; }
    if (!card) { return; }
    if (event.key === " ") {
      var box = card.querySelector("input[type=checkbox]");
      if (box) { box.checked = !box.checked; event.preventDefault(); }
      return;
    }
    var button = card.querySelector('[data-key="' + event.key + '"]');
    if (button) {
      event.preventDefault();
      var id = card.id;
      button.click();
      // After htmx swaps the card, keep the focus on it so the next key acts on the next item.
      document.body.addEventListener("htmx:afterSwap", function once() {
        document.body.removeEventListener("htmx:afterSwap", once);
        var again = document.getElementById(id);
        if (again) { focusAt(items().indexOf(again) + 1); }
      });
    }
  });
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
