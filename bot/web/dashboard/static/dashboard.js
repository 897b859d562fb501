// Evidence links: clicking a field's "client's words" highlights every message it came from.
// Without this script the link still jumps to the first message, which CSS :target highlights.
"use strict";

document.addEventListener("click", function (event) {
  var link = event.target.closest("a.evidence");
  if (!link) {
    return;
  }
  var indices = (link.getAttribute("data-evidence") || "").split(" ").filter(Boolean);
  document.querySelectorAll(".msg.highlight").forEach(function (message) {
    message.classList.remove("highlight");
  });
  var first = null;
  indices.forEach(function (index) {
    var message = document.getElementById("m-" + index);
    if (message) {
      message.classList.add("highlight");
      first = first || message;
    }
  });
  if (first) {
    event.preventDefault();
    first.scrollIntoView({ block: "center" });
    first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
    history.replaceState(null, "", "#m-" + indices[0]);
  }
});
