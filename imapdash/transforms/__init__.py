"""Pure pandas transforms: DataFrame in, DataFrame out; no plotly, no Dash."""
