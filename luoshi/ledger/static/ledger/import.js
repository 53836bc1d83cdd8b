// Poll the import's progress while it runs, then reload to show the preview or the outcome.
(function () {
  var box = document.getElementById("ledger-progress");
  if (!box || box.dataset.running !== "1") return;
  var bar = box.querySelector(".ledger-bar span");
  function tick() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        bar.style.width = p.percent + "%";
        box.querySelector("[data-field=done]").textContent = p.done;
        box.querySelector("[data-field=total]").textContent = p.total;
        box.querySelector("[data-testid=ledger-state]").textContent = p.state_label;
        if (p.running) { setTimeout(tick, 1000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 500);
})();
