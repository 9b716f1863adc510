"""What a process loads once and keeps to its end (the tokenizer, the detectors, the verifier) taken out of
the cyclic garbage collector's reach.

Each full collection walks every object the collector tracks, and these loads are most of them: over an
audit of 2 760 records, the collector's 650 runs cost 0.40 s of the 7.1 s of CPU, 0.21 s once the loaded
objects were frozen (each collection timed by a gc.callbacks hook; frozen and not, alternated, 2026-12-02; on a
loaded machine on 2026-12-03, 1.00-1.06 s of CPU against 0.50-0.54 s over about 700 collections).
`gc.freeze` only spares them the walk: refcounting still frees what is dropped. Whatever else is alive at
that moment (a tender being read when the verifier is first needed) is frozen too, once per load.
"""

from __future__ import annotations

import gc


def keep_for_the_process() -> None:
    """Call once a long-lived load is done (from the loader cached once per process)."""
    gc.freeze()
