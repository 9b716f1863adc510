"""Scores: cities, intercommunalities and buyers measured against target profiles read from data files.

Nothing is imported here: `clauses check` reads the obligations of this package and must not pay for pandas and
DuckDB (cold start). Import from the modules: analyzer.scoring.inputs (the scoring table), .scorecard (score),
.targets (profiles).
"""
