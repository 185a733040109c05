"""heap_frozen: the objects older than the task are out of the garbage
collector's reach while it runs and back in it afterwards; the task's own
cyclic garbage is still collected."""

import gc
import weakref

from steerco.lib import heap
from steerco.lib.heap import heap_frozen


class Node:
    def __init__(self):
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_older_objects_are_frozen_for_the_task_and_given_back():
    gc.collect()
    assert gc.get_freeze_count() == 0
    with heap_frozen():
        # The test process's modules, classes, ... (not an exact count: a
        # frozen object whose last reference goes, in another thread too,
        # still leaves the frozen generation).
        assert gc.get_freeze_count() > 1000
    assert gc.get_freeze_count() == 0


def test_nested_uses_share_one_freeze(monkeypatch):
    calls = []
    monkeypatch.setattr(heap.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(heap.gc, "unfreeze", lambda: calls.append("unfreeze"))
    with heap_frozen():
        with heap_frozen():
            pass
        assert calls == ["freeze"]
    assert calls == ["freeze", "unfreeze"]


def test_the_tasks_own_cycles_are_collected_and_older_ones_afterwards():
    older = Node()
    older_ref = weakref.ref(older)
    del older
    with heap_frozen():
        young = Node()
        young_ref = weakref.ref(young)
        del young
        gc.collect()
        assert young_ref() is None  # the task's garbage goes as before
        assert older_ref() is not None  # frozen: not collected during the task
    gc.collect()
    assert older_ref() is None  # nothing is kept beyond the task


def test_a_decorated_function_runs_frozen():
    @heap_frozen()
    def task():
        return gc.get_freeze_count()

    assert task() > 0 and gc.get_freeze_count() == 0
