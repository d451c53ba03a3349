// plotly.js core (scatter is part of it) plus the trace types imapdash draws: nothing else.
// Keep TRACES in scripts/build_plotly_bundle.sh and this list in step (tests/unit/test_plotly_bundle.py checks).
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/choropleth"),
  require("plotly.js/lib/scattergeo"),
  require("plotly.js/lib/sankey"),
]);

module.exports = Plotly;
