"""Objects loaded once per process are frozen out of the cyclic collector's walks; what is dropped is still freed."""

from __future__ import annotations

import gc
import weakref

from analyzer.longlived import keep_for_the_process


class _Box:
    pass


def test_what_is_alive_when_a_load_ends_is_left_out_of_the_collectors_walks() -> None:
    gc.unfreeze()
    kept = [_Box() for _ in range(10)]
    keep_for_the_process()
    try:
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


def test_a_frozen_object_that_is_dropped_is_still_freed_by_refcounting() -> None:
    box = _Box()
    gone = weakref.ref(box)
    keep_for_the_process()
    try:
        del box
        assert gone() is None
    finally:
        gc.unfreeze()


def test_loading_the_tokenizer_marks_what_it_loaded_long_lived(monkeypatch) -> None:
    from analyzer.detection import nlp as nlp_module

    calls: list[int] = []
    monkeypatch.setattr(nlp_module, "keep_for_the_process", lambda: calls.append(1))
    nlp_module.get_nlp.__wrapped__()  # a load of its own: the process's cached tokenizer is left as it is
    assert calls == [1]
