// The citation box's copy button. Loaded as a file (no inline script), so it runs under a
// Content-Security-Policy without 'unsafe-inline'. Without JavaScript the button stays hidden
// and the citation can still be selected and copied by hand.
(function () {
  "use strict";

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(text, element) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    selectText(element);
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.dataset.copyTarget);
    var status = button.parentElement.querySelector(".copy-status");
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(target.textContent.trim(), target).then(
        function () {
          status.textContent = "Citation copied to the clipboard.";
        },
        function () {
          selectText(target);
          status.textContent = "Copying was blocked: the citation is selected, press Ctrl+C or ⌘C.";
        }
      );
    });
  });
})();
