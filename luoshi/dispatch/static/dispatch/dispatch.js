// 任务下发: the accept form offers only the parent items of the plan chosen. The page works without it.
(function () {
  "use strict";
  var form = document.querySelector("[data-testid=accept-form]");
  if (!form) return;
  var plan = form.querySelector("select[name=plan]");
  var parent = form.querySelector("select[name=parent]");
  if (!plan || !parent) return;
  function filter() {
    Array.prototype.forEach.call(parent.options, function (option) {
      var of = option.getAttribute("data-plan");
      option.hidden = Boolean(of) && of !== plan.value;
      option.disabled = option.hidden;
    });
    var chosen = parent.options[parent.selectedIndex];
    if (chosen && chosen.hidden) parent.value = "";
  }
  plan.addEventListener("change", filter);
  filter();
})();
