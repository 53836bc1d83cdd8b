// luoshi: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  function setOpen(li, open) {
    var list = li.querySelector(":scope > ul.children");
    var button = li.querySelector(":scope > .row .toggle");
    if (!list || !button) return;
    list.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "▾" : "▸";
  }
  function load(button, li) {
    var url = button.getAttribute("data-load");
    if (!url) return Promise.resolve();
    button.removeAttribute("data-load");
    button.textContent = "…";
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      li.querySelector(":scope > ul.children").innerHTML = html;
    }).catch(function () {
      button.setAttribute("data-load", url);
      button.textContent = "!";
    });
  }
  // Pages carry no inline handlers (the Content-Security-Policy forbids them): these stand in.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  document.addEventListener("click", function (event) {
    var back = event.target.closest("a[data-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
      return;
    }
    var button = event.target.closest(".toggle");
    if (button) {
      var li = button.closest("li.node");
      var open = button.getAttribute("aria-expanded") !== "true";
      load(button, li).then(function () { setOpen(li, open); });
      return;
    }
    var tool = event.target.closest("[data-tree]");
    if (tool) {
      var expand = tool.getAttribute("data-tree") === "expand";
      document.querySelectorAll("li.node").forEach(function (li) {
        var b = li.querySelector(":scope > .row .toggle");
        if (b && !b.hasAttribute("data-load")) setOpen(li, expand);
      });
    }
  });
})();
