"""The image library's own signal. Its receivers elsewhere listen (pagecache); this app's own
receivers are in images/receivers.py."""

from django.dispatch import Signal

# Sent with `image` when the files pages point at change by an UPDATE, which sends no
# post_save: a cleaned upload put in place, or a new set of renditions stored and marked on the
# row. Pages that show the picture must be refreshed (pagecache listens).
files_changed = Signal()
