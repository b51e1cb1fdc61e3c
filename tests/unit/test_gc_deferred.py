"""core.gc_deferred: no cyclic collection while the call list or the plan is made,
and nothing of it left in the youngest generation afterwards, where the next collection
(on whichever thread allocates next: the window's) would walk it all at once."""

from __future__ import annotations

import gc

from app import core


def test_gc_deferred_pauses_collection_and_leaves_the_young_generation_empty():
    assert gc.isenabled()
    with core.gc_deferred():
        assert not gc.isenabled()
        made = [[i] for i in range(5000)]  # 5,000 tracked containers
    assert gc.isenabled()
    assert gc.get_count()[0] < 700  # no collection of 5,000 objects pending
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(x) in young for x in made)
    assert len(made) == 5000


def test_gc_deferred_keeps_a_disabled_collector_disabled():
    gc.disable()
    try:
        with core.gc_deferred():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
