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
  // "Show more": the next page of siblings takes the link's place; focus goes to the first of them.
  function more(link) {
    var url = link.getAttribute("data-more");
    if (!url || link.hasAttribute("aria-busy")) return;
    link.setAttribute("aria-busy", "true");
    var hadFocus = document.activeElement === link;
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      var li = link.closest("li.more");
      var marker = document.createElement("li");
      li.replaceWith(marker);
      marker.insertAdjacentHTML("afterend", html);
      var first = marker.nextElementSibling;
      marker.remove();
      var target = first && first.querySelector(".row a.title");
      if (target && hadFocus) target.focus();
      watch(first && first.parentElement);
    }).catch(function () {
      link.removeAttribute("aria-busy");
    });
  }
  // Load on scroll: a "show more" link that comes into view loads the next page by itself.
  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); more(entry.target); }
    });
  }, { rootMargin: "200px" }) : null;
  function watch(root) {
    if (!observer || !root) return;
    root.querySelectorAll("a[data-more]").forEach(function (a) {
      if (a.offsetParent !== null) observer.observe(a);
    });
  }
  watch(document);
  // A print button works only with this file: it is hidden in the page until now.
  document.querySelectorAll("[data-print]").forEach(function (b) { b.hidden = false; });
  // On a phone a table's rows are shown as cards: each cell is labelled with its column's heading.
  document.querySelectorAll("table.table").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (td, i) {
        td.setAttribute("data-label", heads[i] || "");
      });
    });
    table.setAttribute("data-cards", "");
  });
  // Pages carry no inline handlers (the Content-Security-Policy forbids them): these stand in.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    var back = event.target.closest("a[data-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
      return;
    }
    var link = event.target.closest("a[data-more]");
    if (link) {
      event.preventDefault();
      more(link);
      return;
    }
    var button = event.target.closest(".toggle");
    if (button) {
      var li = button.closest("li.node");
      var open = button.getAttribute("aria-expanded") !== "true";
      load(button, li).then(function () { setOpen(li, open); if (open) watch(li); });
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
