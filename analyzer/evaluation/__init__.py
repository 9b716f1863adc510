"""Measured accuracy: passage and tender level, rules only, model only and combined (issues 4 and 5)."""
