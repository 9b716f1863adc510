"""The decision stage: findings in, the tender's DECP values out, with the side that decided each.

It sits between detection (findings) and tender facts. It knows detectors only by the kind their
findings carry (rule, model, structured), never by name, so a third party's model counts as a model.
"""

from analyzer.decision.config import MODES, CombineConfig, default_config, load_config
from analyzer.decision.decide import Decision, decide, is_positive, side_of

__all__ = ["MODES", "CombineConfig", "Decision", "decide", "default_config", "is_positive", "load_config", "side_of"]
