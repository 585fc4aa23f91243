/* leadership-nlp report: the summary table (Grid.js), its filters and exports, the comparison. */
var LeadershipReport = (function () {
  "use strict";
  var HEAD = ["#", "document", "label", "leadership score", "management score", "evidence strength",
    "language", "warnings", "span of control"];

  function table(rows) {
    return [HEAD].concat(rows.map(function (r) {
      return [r.n, r.id, r.label, r.leadership, r.management, r.strength, r.language,
        r.warnings.join("; "), r.span];
    }));
  }

  function csvCell(value) {
    if (value === null || value === undefined) { return ""; }
    if (typeof value === "number") { return String(value); }
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }  // not a formula in a spreadsheet
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function csv(rows) {  // with a byte-order mark, so that Excel reads it as UTF-8
    return "\ufeff" + table(rows).map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  function xmlText(value) {
    return String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function column(i) {
    var name = "";
    for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) { name = String.fromCharCode(65 + (i - 1) % 26) + name; }
    return name;
  }

  function sheet(rows) {
    var body = table(rows).map(function (r, y) {
      return '<row r="' + (y + 1) + '">' + r.map(function (v, x) {
        var ref = column(x) + (y + 1);
        if (v === null || v === undefined || v === "") { return ""; }
        if (typeof v === "number") { return '<c r="' + ref + '"><v>' + v + "</v></c>"; }
        return '<c r="' + ref + '" t="inlineStr"><is><t xml:space="preserve">' + xmlText(v) + "</t></is></c>";
      }).join("") + "</row>";
    }).join("");
    return '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/>' +
      "</sheetView></sheetViews><sheetData>" + body + "</sheetData></worksheet>";
  }

  function xlsx(rows, fflate) {  // a minimal Office Open XML workbook, zipped by fflate
    var ns = "http://schemas.openxmlformats.org/", rel = ns + "officeDocument/2006/relationships";
    var head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    var files = {
      "[Content_Types].xml": head + '<Types xmlns="' + ns + 'package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      "_rels/.rels": head + '<Relationships xmlns="' + ns + 'package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + rel + '/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      "xl/workbook.xml": head + '<workbook xmlns="' + ns + 'spreadsheetml/2006/main" xmlns:r="' + rel + '">' +
        '<sheets><sheet name="documents" sheetId="1" r:id="rId1"/></sheets></workbook>',
      "xl/_rels/workbook.xml.rels": head + '<Relationships xmlns="' + ns + 'package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + rel + '/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      "xl/worksheets/sheet1.xml": head + sheet(rows)
    };
    var zipped = {};
    Object.keys(files).forEach(function (name) { zipped[name] = fflate.strToU8(files[name]); });
    return fflate.zipSync(zipped, { level: 6, mtime: new Date(2000, 0, 1) });
  }

  function matches(r, filter) {
    if (filter.label && (filter.label === "-" ? r.label !== null : r.label !== filter.label)) { return false; }
    if (filter.language === "en" && r.language !== "en") { return false; }
    if (filter.language === "other" && (r.language === "en" || r.language === null)) { return false; }
    if (filter.warnings && (r.warnings.length > 0) !== (filter.warnings === "yes")) { return false; }
    if (filter.search) {
      var hay = [r.n, r.id, r.label, r.language, r.warnings.join(" ")].join(" ").toLowerCase();
      return filter.search.toLowerCase().split(/\s+/).every(function (w) { return hay.indexOf(w) >= 0; });
    }
    return true;
  }

  return { table: table, csv: csv, xlsx: xlsx, matches: matches };
})();

if (typeof document !== "undefined") {
  (function () {
    "use strict";
    var data = JSON.parse(document.getElementById("report-data").textContent);
    var rows = data.rows, h = gridjs.h, picked = [], MAX_PICKED = 4;
    var PAGE_SIZES = [10, 25, 50, 100, 0], pageSize = 25;  // 0: every row on one page
    var byNumber = {};
    rows.forEach(function (r) { byNumber[r.n] = r; });
    var $ = function (id) { return document.getElementById(id); };

    function filter() {
      return { search: $("search").value.trim(), label: $("filter-label").value,
        language: $("filter-language").value, warnings: $("filter-warnings").value };
    }
    function visible() {
      var f = filter();
      return rows.filter(function (r) { return LeadershipReport.matches(r, f); });
    }
    function number(value) { return value === null || value === undefined ? "—" : value.toFixed(2); }
    function nullsLast(a, b) {
      if (a === null || a === undefined) { return b === null || b === undefined ? 0 : 1; }
      if (b === null || b === undefined) { return -1; }
      return a < b ? -1 : a > b ? 1 : 0;
    }
    function cells(list) {
      return list.map(function (r) {
        return [r.n, r.n, r.id, r.label, r.leadership, r.strength, r.language, r.warnings.join("; "), r.span];
      });
    }

    function breakable(text, wbr) {  // a long file name may break after "_", "-" or "/" rather than anywhere
      var out = [];
      String(text).split(/(?<=[_\-\/])/).forEach(function (part, i) { if (i) { out.push(wbr()); } out.push(part); });
      return out;
    }

    function toggle(n, box) {
      var at = picked.indexOf(n);
      if (box.checked && at < 0) {
        if (picked.length >= MAX_PICKED) { box.checked = false; $("compare-hint").textContent =
          "At most " + MAX_PICKED + " documents can be compared: untick one first."; return; }
        picked.push(n);
      } else if (!box.checked && at >= 0) { picked.splice(at, 1); }
      drawComparison();
    }

    var grid = new gridjs.Grid({
      columns: [
        { name: "Compare", sort: false, width: "84px", formatter: function (n) {
          return h("input", { type: "checkbox", checked: picked.indexOf(n) >= 0, "aria-label": "compare document " + n,
            onChange: function (e) { toggle(n, e.target); } });
        } },
        { name: "#", width: "64px" },
        { name: "Document", formatter: function (id, row) {
          return h("a", { href: "#doc-" + row.cells[1].data }, breakable(id, function () { return h("wbr", {}); }));
        } },
        { name: "Label", width: "144px", sort: { compare: nullsLast }, formatter: function (label) {
          return label ? h("span", { className: "badge " + label }, label) : "not scored";
        } },
        { name: "Leadership score", width: "128px", sort: { compare: nullsLast }, formatter: number },
        { name: "Evidence strength", width: "128px", sort: { compare: nullsLast }, formatter: number },
        { name: "Language", width: "116px", formatter: function (code) {
          return code && code !== "en" ? h("span", { className: "warning" }, "⚠ " + code) : code || "—";
        } },
        { name: "Warnings", formatter: function (text) {
          return text ? h("span", { className: "warning" }, text) : "";
        } },
        { name: "Span of control", width: "104px", sort: { compare: nullsLast }, formatter: function (n) {
          return n === null || n === undefined ? "—" : String(n);
        } }
      ],
      data: cells(rows),
      sort: true,
      fixedHeader: true,
      resizable: true,
      pagination: paging()
    }).render($("grid"));

    function paging() {  // the table grows with its rows; long lists are split into pages
      return { limit: pageSize || Math.max(rows.length, 1), summary: true };
    }
    function refresh() {
      var list = visible();
      $("shown").textContent = list.length + " of " + rows.length + " documents";
      grid.updateConfig({ data: cells(list), pagination: paging() }).forceRender();
    }
    PAGE_SIZES.forEach(function (n) {
      var option = document.createElement("option");
      option.value = String(n);
      option.textContent = n ? String(n) : "all";
      option.selected = n === pageSize;
      $("page-size").appendChild(option);
    });
    $("page-size").addEventListener("change", function () { pageSize = Number($("page-size").value); refresh(); });
    ["search", "filter-label", "filter-language", "filter-warnings"].forEach(function (id) {
      $(id).addEventListener(id === "search" ? "input" : "change", refresh);
    });
    $("shown").textContent = rows.length + " of " + rows.length + " documents";

    function download(name, type, content) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([content], { type: type }));
      link.download = name;
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    }
    $("export-csv").addEventListener("click", function () {
      download("leadership-report.csv", "text/csv;charset=utf-8", LeadershipReport.csv(visible()));
    });
    $("export-xlsx").addEventListener("click", function () {
      download("leadership-report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        LeadershipReport.xlsx(visible(), fflate));
    });

    var SVG = "http://www.w3.org/2000/svg";
    function svg(name, attributes, text) {
      var node = document.createElementNS(SVG, name);
      Object.keys(attributes).forEach(function (k) { node.setAttribute(k, attributes[k]); });
      if (text !== undefined) { node.textContent = text; }
      return node;
    }
    function profile(r, most) {
      var facets = data.facets, rowHeight = 26, left = 105, width = 330;
      var chart = svg("svg", { width: width, height: facets.length * rowHeight + 24, role: "img",
        viewBox: "0 0 " + width + " " + (facets.length * rowHeight + 24) });
      chart.appendChild(svg("title", {}, "Facet profile of document " + r.n));
      var scale = (width - left - 30) / Math.max(most, 1);
      facets.forEach(function (facet, i) {
        var y = i * rowHeight + 4;
        chart.appendChild(svg("text", { x: 0, y: y + 15 }, facet));
        ["leadership", "management"].forEach(function (label, j) {
          var n = r.facets ? r.facets[label][i] : 0;
          var bar = svg("rect", { x: left, y: y + j * 11, height: 10, width: Math.max(n * scale, n ? 2 : 0),
            "class": "bar-" + label });
          bar.appendChild(svg("title", {}, n + " " + label + " sentences on " + facet));
          chart.appendChild(bar);
          if (n) { chart.appendChild(svg("text", { x: left + n * scale + 4, y: y + j * 11 + 9 }, String(n))); }
        });
      });
      ["leadership", "management"].forEach(function (label, j) {
        var x = j * 150, y = facets.length * rowHeight + 8;
        chart.appendChild(svg("rect", { x: x, y: y, width: 10, height: 10, "class": "bar-" + label }));
        chart.appendChild(svg("text", { x: x + 14, y: y + 9 }, label + " sentences"));
      });
      return chart;
    }
    function drawComparison() {
      var box = $("compare-charts");
      box.textContent = "";
      var chosen = picked.map(function (n) { return byNumber[n]; });
      var most = 0;
      chosen.forEach(function (r) {
        if (r.facets) { most = Math.max.apply(null, [most].concat(r.facets.leadership, r.facets.management)); }
      });
      chosen.forEach(function (r) {
        var card = document.createElement("div");
        card.className = "card";
        var title = document.createElement("h3");
        var link = document.createElement("a");
        link.href = "#doc-" + r.n;
        link.append.apply(link, [r.n + ". "].concat(breakable(r.id, function () { return document.createElement("wbr"); })));
        title.appendChild(link);
        card.appendChild(title);
        var line = document.createElement("p");
        line.className = "muted";
        line.textContent = (r.label || "not scored") + " · leadership " + number(r.leadership) +
          " · evidence strength " + number(r.strength) + " · span of control " + (r.span === null ? "—" : r.span);
        card.appendChild(line);
        card.appendChild(profile(r, most));
        box.appendChild(card);
      });
      $("compare-hint").textContent = picked.length < 2
        ? "Tick two to four documents in the table's first column to see their facet profiles side by side."
        : "Sentences per facet of the label guide; the bars share one scale.";
    }
    var wanted = /[#&]compare=([\d,]+)/.exec(window.location.hash);  // e.g. report.html#compare=3,7
    if (wanted) {
      wanted[1].split(",").map(Number).forEach(function (n) {
        if (byNumber[n] && picked.indexOf(n) < 0 && picked.length < MAX_PICKED) { picked.push(n); }
      });
      grid.forceRender();
      drawComparison();
    }
    document.documentElement.setAttribute("data-report", "ready");
  })();
}
