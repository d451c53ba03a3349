/* TextTable (imapdash/components/chart_alt.py): a chart's data table drawn from plain data as ONE component.
 *
 * Written as html.Table/Tr/Th/Td every cell was a Dash component, and the renderer's work per component
 * delayed the first charts of a page. The server sends the cells as strings, already in the reader's
 * language; React draws the markup: column headers with scope="col", each row's first cell a header with
 * scope="row", an optional caption. Text goes in as text (React escapes it); nothing is inserted as HTML.
 */
(function () {
  'use strict';

  function h(type, props) {
    return window.React.createElement.apply(null, [type, props].concat([].slice.call(arguments, 2)));
  }

  function TextTable(props) {
    var columns = props.columns || [];
    var parts = [];
    if (props.caption) {
      parts.push(h('caption', {key: 'caption'}, props.caption));
    }
    parts.push(h('thead', {key: 'head'}, h('tr', null, columns.map(function (c, i) {
      return h('th', {key: i, scope: 'col'}, c);
    }))));
    parts.push(h('tbody', {key: 'body'}, (props.rows || []).map(function (row, r) {
      return h('tr', {key: r}, row.map(function (cell, i) {
        return i === 0 ? h('th', {key: i, scope: 'row'}, cell) : h('td', {key: i}, cell);
      }));
    })));
    return h('table', {id: props.id, className: props.className}, parts);
  }

  window.imapdash_tables = Object.assign(window.imapdash_tables || {}, {TextTable: TextTable});
})();
