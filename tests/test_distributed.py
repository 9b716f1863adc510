"""run_many: the same outcomes in this process and on a 2-worker LocalCluster."""

from __future__ import annotations

import functools
import os
import signal
import time
from pathlib import Path

from analyzer.distributed import Done, Failed, run_many


def _square_or_fail(x: int) -> int:
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x * x


def _outcomes(**kw):
    items = ((str(i), i) for i in [3, -1, 0, 5])  # a generator: never a list
    return {o.key: o for o in run_many(items, _square_or_fail, **kw)}


def test_in_process_yields_results_and_failures_without_stopping():
    out = _outcomes(workers=1)
    assert [k for k, o in out.items() if isinstance(o, Done)] == ["3", "0", "5"]
    assert out["3"].result == 9
    assert isinstance(out["-1"], Failed) and out["-1"].message == "ValueError: negative: -1"


def test_local_cluster_gives_the_same_outcomes_as_in_process():
    local, cluster = _outcomes(workers=1), _outcomes(workers=2, window=2)
    assert local.keys() == cluster.keys()
    for key, o in local.items():
        assert type(cluster[key]) is type(o)
        if isinstance(o, Done):
            assert cluster[key].result == o.result
        else:
            assert cluster[key].message == o.message


_PRELOADED: list[int] = []


def _remember_preload() -> None:
    _PRELOADED.append(1)


def _preloaded_count(_: int) -> int:
    return len(_PRELOADED)


def test_preload_runs_once_in_each_worker_before_its_tasks():
    items = ((str(i), i) for i in range(6))
    out = list(run_many(items, functools.partial(_preloaded_count), workers=2, preload=_remember_preload))
    assert len(out) == 6
    assert all(isinstance(o, Done) and o.result == 1 for o in out)


def _die_on_seven(x: int) -> int:
    if x == 7:
        import os

        os._exit(1)  # a worker process dying mid-task, as a crash in a native PDF library would
    return x


def test_a_task_that_kills_its_worker_is_reported_and_the_others_finish():
    items = ((str(i), i) for i in [1, 7, 2, 3])
    out = {o.key: o for o in run_many(items, _die_on_seven, workers=2, window=2)}
    # Every outcome in the message. Under load an innocent task was once missing (2026-12-03) and once
    # reported failed (CI, 2026-12-04): its result was lost with the worker the killer took down, see
    # test_a_result_lost_with_its_worker_before_it_is_handed_over_is_computed_again.
    seen = {k: (type(o).__name__, getattr(o, "message", None)) for k, o in out.items()}
    assert {k: o.result for k, o in out.items() if isinstance(o, Done)} == {"1": 1, "2": 2, "3": 3}, seen
    assert isinstance(out["7"], Failed) and "KilledWorker" in out["7"].message, seen


def _each_or_die(xs: list[int]) -> list[int]:
    return [_die_on_seven(x) for x in xs]


def _one_a_task(xs: list[int]) -> list[tuple[str, list[int]]]:
    return [(str(x), [x]) for x in xs]


def test_a_batch_whose_worker_dies_is_tried_again_one_part_a_task():
    items = (("batch-a", [1, 7, 2]), ("batch-b", [3, 4]))
    out = {o.key: o for o in run_many(iter(items), _each_or_die, workers=2, window=2, split=_one_a_task)}
    assert out["batch-b"].result == [3, 4]  # a batch that ran is one outcome
    assert {k: o.result for k, o in out.items() if isinstance(o, Done) and k != "batch-b"} == {"1": [1], "2": [2]}
    assert isinstance(out["7"], Failed) and "KilledWorker" in out["7"].message  # only the part that kills


def test_without_split_a_batch_whose_worker_dies_fails_whole():
    out = {o.key: o for o in run_many(iter([("batch-a", [1, 7])]), _each_or_die, workers=2, window=1)}
    assert list(out) == ["batch-a"] and isinstance(out["batch-a"], Failed)


def _mark_then_return(arg: tuple[str, str]) -> str:
    key, folder = arg
    mark = Path(folder) / f"{key}.pid"
    if mark.exists():
        time.sleep(3)  # its second run is slow, so the loop meets the result while it is lost
    mark.write_text(str(os.getpid()))
    return key


def test_a_result_lost_with_its_worker_before_it_is_handed_over_is_computed_again(tmp_path):
    # The CI failure of 2026-12-04: a finished part's result was lost when another part killed the worker holding
    # it, and was reported failed ("unknown error") although its second run succeeded.
    items = iter([(k, (k, str(tmp_path))) for k in ("a", "b")])
    outcomes = run_many(items, _mark_then_return, workers=2, window=2)
    first = next(outcomes)
    other = "b" if first.key == "a" else "a"
    mark, deadline = tmp_path / f"{other}.pid", time.monotonic() + 60
    while not mark.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # its result is in its worker's memory, the client told it finished
    os.kill(int(mark.read_text()), signal.SIGKILL)
    time.sleep(1.0)  # the scheduler tells the client the result is lost
    rest = [(o.key, type(o).__name__, getattr(o, "message", "")) for o in outcomes]
    assert isinstance(first, Done)
    assert rest == [(other, "Done", "")]
