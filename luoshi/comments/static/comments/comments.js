// Comment threads: the report page fetches its thread; @ in a comment suggests the plan's units.
(function () {
  "use strict";

  function initMentions(root) {
    root.querySelectorAll("textarea[data-mention]").forEach(function (area) {
      if (area.dataset.mentionReady) return;
      area.dataset.mentionReady = "1";
      var menu = area.form && area.form.querySelector(".mention-menu");
      if (!menu) return;
      var items = Array.prototype.slice.call(menu.querySelectorAll("li"));

      function query() {
        var upto = area.value.slice(0, area.selectionStart);
        var at = upto.lastIndexOf("@");
        if (at < 0) return null;
        var q = upto.slice(at + 1);
        if (/\s/.test(q) || q.length > 30) return null;
        return { at: at, q: q };
      }
      function visible() {
        return items.filter(function (li) { return !li.hidden; });
      }
      function update() {
        var m = query();
        if (!m) { menu.hidden = true; return; }
        var shown = 0;
        items.forEach(function (li) {
          var ok = shown < 8 && li.textContent.indexOf(m.q) !== -1;
          li.hidden = !ok;
          li.classList.remove("active");
          if (ok) shown += 1;
        });
        if (shown) visible()[0].classList.add("active");
        menu.hidden = shown === 0;
      }
      function pick(li) {
        var m = query();
        if (!m) return;
        var before = area.value.slice(0, m.at + 1) + li.textContent + " ";
        area.value = before + area.value.slice(area.selectionStart);
        area.setSelectionRange(before.length, before.length);
        menu.hidden = true;
        area.focus();
      }
      area.addEventListener("input", update);
      area.addEventListener("blur", function () { window.setTimeout(function () { menu.hidden = true; }, 150); });
      area.addEventListener("keydown", function (event) {
        if (menu.hidden) return;
        var shown = visible();
        var current = shown.findIndex(function (li) { return li.classList.contains("active"); });
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          if (current >= 0) shown[current].classList.remove("active");
          var next = (current + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
          shown[next].classList.add("active");
        } else if (event.key === "Enter" || event.key === "Tab") {
          event.preventDefault();
          pick(shown[Math.max(current, 0)]);
        } else if (event.key === "Escape") {
          menu.hidden = true;
        }
      });
      menu.addEventListener("mousedown", function (event) {
        var li = event.target.closest("li");
        if (li) { event.preventDefault(); pick(li); }
      });
    });
  }

  function load() {
    document.querySelectorAll("[data-comments-src]").forEach(function (box) {
      fetch(box.dataset.commentsSrc, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          box.innerHTML = html;
          initMentions(box);
          if (location.hash.indexOf("#comment") === 0) {
            var target = document.getElementById(location.hash.slice(1));
            if (target) target.scrollIntoView();
          }
        })
        .catch(function () { box.classList.add("comments-failed"); });
    });
    initMentions(document);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
