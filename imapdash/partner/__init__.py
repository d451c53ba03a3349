"""Partner area back end: guarded data access, focal-point submissions and indicator overrides.

Nothing here imports Dash. `access` is the only way the partner view reaches restricted rows, and
each accessor checks the logged-in user itself, so a view that forgets a guard still gets nothing.
"""
