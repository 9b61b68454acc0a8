// The one script of the pages, served from our origin (script-src 'self'). Pages work without it: it only
// sorts tables in place and shows the value under the pointer on plots.

export const PAGE_SCRIPT_PATH = '/assets/pages.js';

export const PAGE_SCRIPT = `'use strict';
(function () {
  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return type === 'number' ? -Infinity : '';
    var raw = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent.trim();
    if (type !== 'number') return raw.toLowerCase();
    var value = parseFloat(raw);
    return isNaN(value) ? -Infinity : value;
  }
  function sortTable(table, th) {
    var index = th.cellIndex;
    var type = th.getAttribute('data-type');
    var descending = th.getAttribute('aria-sort') !== 'descending';
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var va = cellValue(a, index, type);
      var vb = cellValue(b, index, type);
      if (va === vb) return 0;
      // Text in natural order: countdown/test/2 before countdown/test/10.
      var order = type === 'number' ? (va < vb ? -1 : 1) : va.localeCompare(vb, 'en', { numeric: true });
      return order * (descending ? -1 : 1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function enableSorting(table) {
    var headers = table.querySelectorAll('thead th[data-type]');
    Array.prototype.forEach.call(headers, function (th) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      button.title = 'sort by ' + th.textContent.trim();
      button.textContent = '⇅';
      button.addEventListener('click', function () { sortTable(table, th); });
      th.appendChild(button);
    });
  }
  function enableReadout(figure) {
    var readout = figure.querySelector('.plot-readout');
    if (!readout) return;
    figure.addEventListener('mouseover', function (event) {
      var target = event.target;
      if (!target.classList || !(target.classList.contains('point') || target.classList.contains('bar'))) return;
      var title = target.querySelector('title');
      if (title) readout.textContent = title.textContent;
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), enableSorting);
    Array.prototype.forEach.call(document.querySelectorAll('figure.plot'), enableReadout);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
