"""Whole-page caching for anonymous readers that never shows a stale or premature story.

See docs/performance.md ("Caching"). Views opt in with `@reader_cache` and name what they show
with `depend(request, ...)`; `pagecache.signals` invalidates on every write path.
"""
