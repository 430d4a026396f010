"""The collector pause shared by the readers: nested and concurrent pauses leave it as it was."""

from __future__ import annotations

import gc
import threading

from kepu_plan._gc import collector_paused


def test_nested_pauses_turn_the_collector_back_on_only_at_the_end() -> None:
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_program_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_two_threads_leave_the_collector_on() -> None:
    # Thread A pauses, then B; A ends first.  A naive "restore what I saw" would let B, which saw
    # the collector off, leave it off for good.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with collector_paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second() -> None:
        a_in.wait(5)
        with collector_paused():
            b_in.set()
            a_out.wait(5)
            seen["inside after A left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"inside after A left": False}
    assert gc.isenabled()
