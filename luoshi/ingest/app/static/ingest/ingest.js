// Review page: clicking an item's quote mark highlights its sentence in the text. Upload page: busy note.
(function () {
  "use strict";
  var pre = document.getElementById("source-text");
  var original = pre ? pre.textContent : "";
  function escapeHtml(s) { return s.replace(/[&<>]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;" }[c]; }); }
  document.addEventListener("click", function (event) {
    var level = event.target.closest(".level");
    if (level) {
      var li = level.closest(".draft-row"), input = li.querySelector("input.depth");
      var value = Math.max(0, Math.min(9, parseInt(input.value, 10) + parseInt(level.getAttribute("data-step"), 10)));
      input.value = value;
      li.style.setProperty("--depth", value);
      return;
    }
    var button = event.target.closest(".show-source");
    if (!button || !pre) return;
    var row = button.closest(".draft-row");
    var start = parseInt(row.getAttribute("data-start"), 10), end = parseInt(row.getAttribute("data-end"), 10);
    document.querySelectorAll(".draft-row.active").forEach(function (r) { r.classList.remove("active"); });
    row.classList.add("active");
    if (isNaN(start) || isNaN(end)) return;
    pre.innerHTML = escapeHtml(original.slice(0, start)) + "<mark>" + escapeHtml(original.slice(start, end)) + "</mark>" + escapeHtml(original.slice(end));
    var mark = pre.querySelector("mark");
    if (mark) mark.scrollIntoView({ block: "center" });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var note = form.getAttribute("data-busy");
    var busy = form.querySelector(".busy");
    if (note && busy) { busy.textContent = note; busy.hidden = false; }
  });
})();
