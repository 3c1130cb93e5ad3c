/* fiscalwatch report: sortable tables and filters, without a server or a library.
 *
 * Sorting: a <table class="sortable"> whose <th data-sort="text|number"> are clickable;
 *   a cell's data-value (when present) is what is compared.
 * Filtering: <div data-filter-scope="CSS selector of the items"> holding an optional
 *   <input data-filter-text> and button groups <div data-filter-group="NAME"> whose
 *   buttons carry data-value; an item is shown when its data-search contains the text
 *   and, for each group with a value chosen, its data-NAME lists that value.
 */
(function () {
  "use strict";

  var collator = (window.Intl && Intl.Collator) ? new Intl.Collator("zh-Hans-CN-u-co-pinyin", { numeric: true }) : null;

  function compareText(a, b) {
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? -Infinity : ""; }
    var raw = cell.getAttribute("data-value");
    if (raw === null) { raw = cell.textContent.trim(); }
    if (!numeric) { return raw; }
    var number = parseFloat(String(raw).replace(/,/g, ""));
    return isNaN(number) ? -Infinity : number;
  }

  function sortTable(table, header) {
    var index = header.cellIndex;
    var numeric = header.getAttribute("data-sort") === "number";
    var previous = header.getAttribute("aria-sort");
    var direction = previous === "descending" ? "ascending"
      : previous === "ascending" ? "descending"
      : (numeric ? "descending" : "ascending");
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", direction);
    var body = table.tBodies[0];
    var rows = Array.prototype.filter.call(body.rows, function (row) { return !row.classList.contains("empty-row"); });
    var fillers = Array.prototype.filter.call(body.rows, function (row) { return row.classList.contains("empty-row"); });
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric);
      var y = cellValue(b, index, numeric);
      var order = numeric ? (x === y ? 0 : x < y ? -1 : 1) : compareText(x, y);
      return direction === "ascending" ? order : -order;
    });
    rows.concat(fillers).forEach(function (row) { body.appendChild(row); });
  }

  function setUpSorting(table) {
    Array.prototype.forEach.call(table.tHead ? table.tHead.rows[0].cells : [], function (header) {
      if (!header.hasAttribute("data-sort")) { return; }
      header.tabIndex = 0;
      header.title = "点击排序";
      header.addEventListener("click", function () { sortTable(table, header); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortTable(table, header); }
      });
    });
  }

  function chosen(group) {
    var pressed = group.querySelector('button[aria-pressed="true"]');
    return pressed ? pressed.getAttribute("data-value") : "";
  }

  function press(group, value) {
    Array.prototype.forEach.call(group.querySelectorAll("button[data-value]"), function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-value") === value ? "true" : "false");
    });
  }

  function setUpFilter(bar) {
    var selector = bar.getAttribute("data-filter-scope");
    var text = bar.querySelector("[data-filter-text]");
    var groups = Array.prototype.slice.call(bar.querySelectorAll("[data-filter-group]"));
    var counter = bar.querySelector("[data-filter-count]");

    function apply() {
      var needle = text ? text.value.trim().toLowerCase() : "";
      var items = document.querySelectorAll(selector);
      var shownByParent = new Map();
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var visible = !needle ||
          (item.getAttribute("data-search") || item.textContent).toLowerCase().indexOf(needle) !== -1;
        groups.forEach(function (group) {
          var value = chosen(group);
          if (!visible || !value) { return; }
          var tokens = (item.getAttribute("data-" + group.getAttribute("data-filter-group")) || "").split(/\s+/);
          visible = tokens.indexOf(value) !== -1;
        });
        item.hidden = !visible;
        if (visible) { shown += 1; }
        var parent = item.parentNode;
        shownByParent.set(parent, (shownByParent.get(parent) || 0) + (visible ? 1 : 0));
      });
      shownByParent.forEach(function (count, parent) {
        var empty = parent.querySelector(":scope > .empty-row, :scope > .empty");
        if (empty) { empty.hidden = count > 0; }
      });
      if (counter) { counter.textContent = "显示 " + shown + " / " + items.length; }
    }

    groups.forEach(function (group) {
      group.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-value]");
        if (!button) { return; }
        press(group, button.getAttribute("data-value"));
        apply();
      });
    });
    if (text) { text.addEventListener("input", apply); }
    bar.revealAll = function () {
      groups.forEach(function (group) { press(group, ""); });
      if (text) { text.value = ""; }
      apply();
    };
    apply();
    return bar;
  }

  /* A permalink (#f-12) must show its finding even when the filters would hide it. */
  function revealTarget(bars) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var folded = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; folded = true; }
    }
    if (target.hidden) {
      bars.forEach(function (bar) { bar.revealAll(); });
      folded = true;
    }
    if (folded) { target.scrollIntoView(); }
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setUpSorting);
  var bars = Array.prototype.map.call(document.querySelectorAll("[data-filter-scope]"), setUpFilter);
  revealTarget(bars);
  window.addEventListener("hashchange", function () { revealTarget(bars); });
})();
