/* AfterGraph (imapdash/components/after_graph.py): a control drawn once the page's main graph is drawn.
 *
 * Until then a stand-in of the control's size and look (aria-hidden: the control itself follows within a
 * fraction of a second): the renderer's work for the dropdowns and the slider, and plotly's for the side
 * charts, no longer comes before the map's first drawing (issue 20). shell.js sends `imapdash:drawn` after
 * every plotly drawing; a graph that is not on the page (the explorer's table tab) is not waited for, and
 * nothing waits longer than LIMIT_MS.
 */
(function () {
  'use strict';

  var LIMIT_MS = 2500;

  function h(type, props) {
    return window.React.createElement.apply(null, [type, props].concat([].slice.call(arguments, 2)));
  }

  // Whether the graph `id` is drawn, or not on the page at all (then nothing is waited for).
  function drawnOrAbsent(id) {
    var outer = document.getElementById(id);
    if (!outer) { return true; }
    var gd = outer.querySelector('.js-plotly-plot');
    return !!(gd && gd.__imapdashDrawn);
  }

  // A host without a box of its own (display: contents): the control, and its stand-in until the control's
  // own element is on the page. dcc's dropdowns and slider are lazy: their first render shows nothing for a
  // moment, and the stand-in keeps their place meanwhile (hidden in the same task as the control arrives,
  // before the browser paints, so the page never moves).
  function AfterGraph(props) {
    var React = window.React;
    var showState = React.useState(false);
    var shown = showState[0];
    var show = showState[1];
    var arrivedState = React.useState(false);
    var arrived = arrivedState[0];
    var arrive = arrivedState[1];
    var host = React.useRef(null);
    React.useEffect(function () {
      if (shown) { return undefined; }
      // after the commit: the graph's own element is on the page by now if it is coming at all
      if (drawnOrAbsent(props.graph)) { show(true); return undefined; }
      function onDrawn() { if (drawnOrAbsent(props.graph)) { show(true); } }
      var timer = setTimeout(function () { show(true); }, LIMIT_MS);
      document.addEventListener('imapdash:drawn', onDrawn);
      return function () {
        clearTimeout(timer);
        document.removeEventListener('imapdash:drawn', onDrawn);
      };
    }, [shown, props.graph]);
    React.useLayoutEffect(function () {
      var node = host.current;
      if (!shown || arrived || !node) { return undefined; }
      function check() {
        var real = [].some.call(node.children, function (c) { return !c.classList.contains('after-graph'); });
        if (real) {
          var standIn = node.querySelector(':scope > .after-graph');
          if (standIn) { standIn.style.display = 'none'; }
          arrive(true);
        }
        return real;
      }
      if (check()) { return undefined; }
      var observer = new MutationObserver(function () { if (check()) { observer.disconnect(); } });
      observer.observe(node, {childList: true});
      return function () { observer.disconnect(); };
    }, [shown, arrived]);
    var textClass = props.muted ? 'after-graph-text after-graph-muted' : 'after-graph-text';
    var text = props.text ? h('span', {className: textClass}, props.text) : null;
    var style = props.height ? {height: props.height + 'px'} : undefined;  // a chart's stand-in: its height
    var standIn = arrived ? null : h('div', {key: 'stand-in', className: 'after-graph after-graph-' + props.kind,
                                             style: style, 'aria-hidden': 'true'}, text);
    return h('div', {className: 'after-graph-host', ref: host}, shown ? props.children : null, standIn);
  }

  window.imapdash_layout = Object.assign(window.imapdash_layout || {}, {AfterGraph: AfterGraph});
})();
