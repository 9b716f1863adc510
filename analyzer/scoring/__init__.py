"""Scores: buyers measured against target profiles read from data files."""

from analyzer.scoring.scorecard import scorecard, tender_rows
from analyzer.scoring.targets import Profile, Target, load_profiles

__all__ = ["Profile", "Target", "load_profiles", "scorecard", "tender_rows"]
