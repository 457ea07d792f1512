"""The benchmark's report (bench/report.py): each run is dated by when it was measured, not by
when docs/performance.md was rewritten."""

import json
import os

from bench import report

DOC = "# Performance\n\n<!-- bench:results -->\nold\n<!-- /bench:results -->\n\n" \
      "<!-- bench:explain -->\nold\n<!-- /bench:explain -->\n"  # fmt: skip


def _result(n: int, **extra) -> dict:
    page = {"status": 200, "queries": 4, "median_ms": 3.5, "p95_ms": 4.0}
    versions = {"python": "3.11", "django": "5.2", "gunicorn": "23", "database": "SQLite 3.40"}
    return {"database": "sqlite", "n": n, "versions": versions, "pages": {"section": page}, **extra}


def test_each_run_keeps_its_own_time_and_machine(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(DOC)
    (tmp_path / "results-sqlite-10000.json").write_text(
        json.dumps(_result(10_000, measured_at="2026-12-01 08:00 UTC", machine="box A"))
    )
    old = tmp_path / "results-sqlite-100000.json"
    old.write_text(json.dumps(_result(100_000)))  # written before runs recorded either
    os.utime(old, (1_764_000_000, 1_764_000_000))  # 2025-11-24 16:00 UTC

    report.write(doc, tmp_path, min_n=10_000)

    text = doc.read_text()
    assert "### sqlite, 10,000 stories (measured 2026-12-01 08:00 UTC;" in text
    assert "### sqlite, 100,000 stories (measured 2025-11-24 16:00 UTC;" in text
    assert "box A" in text and report.machine() in text
    assert "old" not in text
    assert "| section | 4 | 3.5 | 4.0 |" in text


def test_pages_are_chosen_by_whole_name_or_by_the_start_of_their_names():
    from types import SimpleNamespace

    from bench.worker import chosen

    names = ["home", "home, every slot pinned", "article", "live, 200 entries", "section, page 39"]
    found = [SimpleNamespace(name=name) for name in names]

    def pick(spec):
        return [page.name for page in chosen(found, spec)]

    assert pick("home, every slot pinned") == ["home, every slot pinned"]
    assert pick("home") == ["home"]
    assert pick("home,live") == ["home", "home, every slot pinned", "live, 200 entries"]
    assert pick("article, section") == ["article", "section, page 39"]
    assert pick("nothing") == []
