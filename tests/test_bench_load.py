"""The benchmark's page/floor alternation (bench.load.alternate): what it measures in which
order, and how it sums the runs up."""

from bench.load import Load, alternate


def _load(rps: float, errors: int = 0) -> Load:
    per_request = 1000 / (rps or 1)
    return Load(rps, p50_ms=per_request, p99_ms=2 * per_request, errors=errors, tool="wrk")


def test_page_and_floor_alternate_and_the_ratio_is_the_median_of_the_rounds():
    order: list[str] = []
    # The machine slows down and recovers; the page is a steady quarter of the floor.
    floors = iter([2000, 1000, 400, 2000, 1800])
    pages = iter([500, 250, 100, 500, 450])

    def page():
        order.append("page")
        return _load(next(pages), errors=1)

    def floor():
        order.append("floor")
        return _load(next(floors))

    measured, floor_load, ratio, rounds = alternate(page, floor, rounds=5)
    assert order == ["floor", "page", "page", "floor", "floor", "page", "page", "floor",
                     "floor", "page"]  # fmt: skip
    assert ratio == 0.25
    assert rounds == [(500, 2000), (250, 1000), (100, 400), (500, 2000), (450, 1800)]
    assert (measured.rps, floor_load.rps) == (450, 1800)
    assert measured.p50_ms == 1000 / 450 and measured.p99_ms == 2 * 1000 / 450
    assert measured.errors == 5 and floor_load.errors == 0


def test_a_floor_that_served_nothing_gives_a_ratio_of_zero_not_an_error():
    measured, floor_load, ratio, _ = alternate(lambda: _load(10), lambda: _load(0.0), rounds=1)
    assert ratio == 0.0 and floor_load.rps == 0.0
