/* A News Centre component drawn from plain data: the item list (NewsList, imapdash/views/news/items.py).
 * (The charts' data tables are TextTable components: assets/js/tables.js.)
 *
 * Sixty items written as html.* components were ~740 Dash components; the renderer's per-component
 * work delayed the first chart of /news by about a second. The trend table (a row per month, a column
 * per theme) went through dcc.Markdown, whose parser (and its 0.5 MB of script) ran before the charts
 * were drawn. Here the server sends plain data (every text already in the reader's language, links
 * already checked: http(s) only) and React draws the markup. Text goes in as text (React escapes it);
 * nothing is inserted as HTML.
 */
(function () {
  'use strict';

  function h(type, props) {
    return window.React.createElement.apply(null, [type, props].concat([].slice.call(arguments, 2)));
  }

  function entry(item, index) {
    var text = {lang: item.language, dir: item.dir};
    var title = item.link
      ? h('a', Object.assign({href: item.link, target: '_blank', rel: 'noopener noreferrer'}, text), item.title)
      : h('span', text, item.title);
    var parts = [
      h('div', {key: 'title', className: 'news-item-title fw-semibold'}, title),
      h('div', {key: 'meta', className: 'text-muted small'},
        h('bdi', {className: 'news-item-outlet'}, item.outlet), ' · ', h('bdi', null, item.date),
        ' · ' + item.language_name),
    ];
    if (item.also) {
      parts.push(h('div', {key: 'also', className: 'small news-item-also'}, item.also));
    }
    if (item.summary) {
      parts.push(h('p', Object.assign({key: 'summary', className: 'news-item-summary small mb-1'}, text), item.summary));
    }
    parts.push(h('div', {key: 'themes', className: 'small news-item-themes'}, item.themes_label + ' ',
      item.themes.map(function (badge, i) {
        return h('span', {key: i, className: 'badge me-1 ' + (badge.main ? 'text-bg-primary' : 'text-bg-light'),
                          title: badge.title}, badge.text);
      })));
    if (item.countries.length) {
      parts.push(h('div', {key: 'countries', className: 'small news-item-countries'}, item.countries_label + ' ',
        item.countries.map(function (link, i) {
          return h('a', {key: i, href: link.href, className: 'me-2', title: link.title || undefined}, link.text);
        })));
    }
    return h('li', {key: item.key || index, className: 'list-group-item news-item', 'data-language': item.language},
      parts);
  }

  function NewsList(props) {
    return h('ul', {id: props.id, className: props.className}, (props.items || []).map(entry));
  }

  window.imapdash_news = Object.assign(window.imapdash_news || {}, {NewsList: NewsList});
})();
