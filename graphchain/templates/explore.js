// graphchain serve: the graph on every page. Served from 'self' (the CSP allows no inline script).
// The page's data is JSON in <script type="application/json" id="graph-data"> (never executed); names only
// ever reach the canvas and vis-network's plain-text tooltips, never innerHTML.
(function () {
  "use strict";
  var holder = document.getElementById("graph");
  var source = document.getElementById("graph-data");
  if (!holder || !source) {
    document.body.setAttribute("data-ready", "1");
    return;
  }
  var data = JSON.parse(source.textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(holder, {nodes: nodes, edges: edges}, data.options);
  // Globals on purpose: the browser tests read them.
  window.nodes = nodes;
  window.edges = edges;
  window.network = network;
  network.once("afterDrawing", function () {
    network.fit();
    document.body.setAttribute("data-ready", "1");
  });

  function mode() {
    var x = document.querySelector("input[name=mode]:checked");
    return x ? x.value : "open";
  }

  function expand(id) {
    var at = nodes.get(id);
    fetch("/api/expand?key=" + encodeURIComponent(id), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : {nodes: [], edges: []}; })
      .then(function (d) {
        var base = at && typeof at.level === "number" ? at.level : 2;
        var fresh = d.nodes.filter(function (n) { return !nodes.get(n.id); });
        fresh.forEach(function (n) {
          if (typeof n.level === "number") { n.level = base + n.level - 2; }
        });
        nodes.add(fresh);
        edges.add(d.edges.filter(function (e) { return !edges.get(e.id) && nodes.get(e.from) && nodes.get(e.to); }));
        applyFilters();
        var count = Number(document.body.getAttribute("data-expanded") || "0") + 1;
        document.body.setAttribute("data-expanded", String(count));
      });
  }
  window.expandNode = expand;

  network.on("click", function (p) {
    if (!p.nodes.length) { return; }
    var n = nodes.get(p.nodes[0]);
    if (mode() === "expand") { expand(n.id); } else if (n.url) { window.location.href = n.url; }
  });

  // Filters: a rule keeps only the edges (and list items) that break it; a date range hides dated records
  // outside it (undated ones stay).
  var rule = document.getElementById("f-rule");
  var since = document.getElementById("f-since");
  var until = document.getElementById("f-until");

  function applyFilters() {
    var r = rule ? rule.value : "";
    var a = since ? since.value : "";
    var b = until ? until.value : "";
    edges.update(edges.get().map(function (e) {
      var hide = false;
      if (r && (e.rules || []).indexOf(r) < 0) { hide = true; }
      if (e.date && ((a && e.date < a) || (b && e.date > b))) { hide = true; }
      return {id: e.id, hidden: hide};
    }));
    document.querySelectorAll("[data-rule]").forEach(function (el) {
      var rules = el.getAttribute("data-rule").split(" ");
      el.hidden = Boolean(r) && rules.indexOf(r) < 0;
    });
  }
  window.applyFilters = applyFilters;
  [rule, since, until].forEach(function (el) { if (el) { el.addEventListener("change", applyFilters); } });

  document.querySelectorAll("[data-node]").forEach(function (el) {
    el.addEventListener("click", function () {
      var id = el.getAttribute("data-node");
      if (nodes.get(id)) {
        network.selectNodes([id]);
        network.focus(id, {scale: 1.2, animation: true});
      }
    });
  });
}());
