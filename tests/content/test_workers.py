"""Work spread over forked worker processes (content/workers.py)."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pytest

from papertrail.content.workers import chunked, cores, fork_chunks, map_ahead, maps_ahead, worker_count

STATE = {"made before the fork": "inherited"}


def _pid_and_state(chunk: list[int]) -> tuple[int, list[int], str]:
    return os.getpid(), [n * 2 for n in chunk], STATE["made before the fork"]


def test_chunks_run_in_other_processes_with_this_ones_state_and_come_back_in_order() -> None:
    results = fork_chunks(_pid_and_state, chunked(list(range(10)), 3, workers=2), 2)
    assert [n for _, doubled, _ in results for n in doubled] == [n * 2 for n in range(10)]
    assert {pid for pid, _, _ in results} - {os.getpid()}  # not here
    assert {state for _, _, state in results} == {"inherited"}


def _slow_pid_and_state(chunk: list[int]) -> tuple[int, list[int], str]:
    time.sleep(0.02)  # long enough that the worker and this process each take some
    return _pid_and_state(chunk)


def test_this_process_can_be_one_of_the_workers_and_results_still_come_in_order() -> None:
    results = fork_chunks(_slow_pid_and_state, chunked(list(range(40)), 2), 2, here_too=True)
    assert [n for _, doubled, _ in results for n in doubled] == [n * 2 for n in range(40)]
    pids = [pid for pid, _, _ in results]
    # The worker takes chunks from the first, this process from the last, until they meet.
    assert pids[0] != os.getpid() and pids[-1] == os.getpid()
    assert pids == sorted(pids, key=lambda pid: pid == os.getpid())
    assert {state for _, _, state in results} == {"inherited"}


def _wait_for_the_other_work(folder: Path, chunk: list[int]) -> tuple[int, bool]:
    # A worker's chunk waits (at most a minute) for what this process does meanwhile: it
    # sees it only if that work is done while the workers work, not after them.
    deadline = time.monotonic() + 60
    while not (folder / "meanwhile").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return os.getpid(), (folder / "meanwhile").exists()


def test_this_process_does_its_other_work_while_the_workers_work_once(tmp_path: Path) -> None:
    done: list[int] = []

    def meanwhile() -> None:
        done.append(os.getpid())
        (tmp_path / "meanwhile").touch()

    results = fork_chunks(
        partial(_wait_for_the_other_work, tmp_path), [[1], [2], [3]], 2, meanwhile=meanwhile
    )
    assert done == [os.getpid()]
    assert all(pid != os.getpid() and saw for pid, saw in results)
    # Without workers the other work is done once, after the chunks.
    (tmp_path / "meanwhile").unlink()
    order: list[str] = []
    alone = fork_chunks(order.append, ["chunk"], 1, meanwhile=lambda: order.append("meanwhile"))
    assert alone == [None] and order == ["chunk", "meanwhile"]


def test_an_error_in_this_processs_share_is_raised_once_the_workers_stop() -> None:
    with pytest.raises(ZeroDivisionError):
        fork_chunks(_fails_on_the_last, chunked(list(range(8)), 2), 2, here_too=True)


def _fails_on_the_last(chunk: list[int]) -> int:
    time.sleep(0.01)
    return 1 // (7 not in chunk)


def test_one_worker_runs_here() -> None:
    results = fork_chunks(_pid_and_state, chunked(list(range(10)), 3), 1)
    assert {pid for pid, _, _ in results} == {os.getpid()}


def test_every_worker_gets_a_chunk() -> None:
    assert len(chunked(list(range(5)), 100, workers=2)) == 2
    assert [len(c) for c in chunked(list(range(7)), 3)] == [3, 3, 1]


def test_a_few_items_stay_in_this_process_unless_workers_are_asked_for() -> None:
    assert worker_count(0, 10, few=50) == 1
    assert worker_count(0, 100, few=50) == cores()  # many items: one process per core
    assert worker_count(3, 1, few=50) == 3
    assert map_ahead(str, [1, 2, 3], workers=0, few=50, per_task=10) is None  # the caller computes
    assert map_ahead(str, [1, 2, 3], workers=2, few=50, per_task=10) == ["1", "2", "3"]


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_several_maps_run_in_one_set_of_workers_and_come_back_by_job_in_order() -> None:
    jobs = [(_pid_and_state_of, [1, 2, 3, 4, 5]), (_pid_and_square, list(range(7)))]
    results = maps_ahead(jobs, workers=2, few=1, per_task=2)
    assert results is not None
    assert [value for _, value in results[0]] == ["inherited"] * 5
    assert [value for _, value in results[1]] == [n * n for n in range(7)]
    pids = {pid for job in results for pid, _ in job}
    assert os.getpid() not in pids and len(pids) <= 2  # one pool of two for both jobs
    assert maps_ahead(jobs, workers=0, few=50, per_task=2) is None  # few: the caller computes


def _pid_and_state_of(_: int) -> tuple[int, str]:
    return os.getpid(), STATE["made before the fork"]
