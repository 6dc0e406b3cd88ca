"""The collector pause: restored after the block, owned by one thread, never re-enabling a collector that
was off."""

from __future__ import annotations

import gc
import threading

import pytest

from citytwin.core.gcpause import gc_paused


def test_gc_pause_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: not the owner, leaves it to the outer one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_gc_pause_is_owned_by_one_thread_and_survives_errors() -> None:
    entered, release = threading.Event(), threading.Event()

    def other() -> None:
        with gc_paused():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    assert entered.wait(10)
    with gc_paused():  # the other thread owns the pause
        assert not gc.isenabled()
        release.set()
        thread.join(10)
        assert gc.isenabled()  # its owner ended it: the collector is never off longer than one step
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
