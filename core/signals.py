"""Signals of the project's infrastructure, defined on the ground floor so that the part that
sends one and the apps that receive it need not import each other."""

from django.dispatch import Signal

# The shared cache answers again after an outage (newsroom/cache.py sends it, with `location`,
# the server's host:port/db, from the thread that found it, before requests use the cache).
# Writes made during the outage were lost. A receiver may use the cache; if it raises, the cache
# counts as still away and is tried again later.
cache_reconnected = Signal()
