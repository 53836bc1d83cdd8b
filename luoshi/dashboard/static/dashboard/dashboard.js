/* The dashboard's charts (ECharts, served by the app). Clicking a bar opens the items behind it. */
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("dashboard-data");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    var colours = { red: "#cf222e", yellow: "#d4a72c", green: "#2da44e", done: "#0969da" };
    var keys = ["red", "yellow", "green", "done"];
    function series(rows, horizontal) {
      return keys.map(function (key) {
        return {
          name: data.labels[key], type: "bar", stack: "all", itemStyle: { color: colours[key] },
          data: rows.map(function (row) { return row[key]; }), key: key
        };
      });
    }
    var trend = echarts.init(document.getElementById("chart-trend"));
    trend.setOption({
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.trend.map(function (r) { return r.period; }) },
      yAxis: { type: "value" }, series: series(data.trend)
    });
    var pillars = echarts.init(document.getElementById("chart-pillars"));
    pillars.setOption({
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 120, right: 20, top: 40, bottom: 30 },
      yAxis: { type: "category", data: data.pillars.map(function (r) { return r.name; }), inverse: true },
      xAxis: { type: "value" }, series: series(data.pillars)
    });
    pillars.on("click", function (p) {
      var row = data.pillars[p.dataIndex];
      window.location.href = data.drill + "?pillar=" + row.id + "&status=" + keys[p.seriesIndex];
    });
    trend.on("click", function (p) { window.location.href = data.drill + "?status=" + keys[p.seriesIndex]; });
    window.addEventListener("resize", function () { trend.resize(); pillars.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
