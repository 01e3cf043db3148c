// The quote page, enhanced: a copy button beside each citation line, and
// Ctrl+Enter (⌘+Enter) to submit the quote. Without this file everything
// still works: the citation selects with one click (CSS user-select: all).
(function () {
  "use strict";

  function selectContents(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copied(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  function enhance(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent;
      copied(text).then(function () {
        status.textContent = "Đã sao chép dòng trích nguồn.";
      }, function () {
        // Older browsers or plain http: select it, try the legacy command, else let the user copy.
        selectContents(target);
        var done = false;
        try { done = document.execCommand("copy"); } catch (error) { done = false; }
        status.textContent = done ? "Đã sao chép dòng trích nguồn." : "Đã chọn sẵn: nhấn Ctrl+C để sao chép.";
      });
      window.setTimeout(function () { status.textContent = ""; }, 4000);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), enhance);
    var box = document.getElementById("text");
    if (box && box.form) {
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          if (box.form.requestSubmit) { box.form.requestSubmit(); } else { box.form.submit(); }
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
