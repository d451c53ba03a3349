"""Pure figure builders: frames in, plotly figures out; no Dash callbacks, no file reads."""
