"""Most read, first party: the site counts the reads of its own stories, in the shared cache,
without cookies and without storing who read what (docs/mostread.md).

`clients` decides whether a request is a reader's browser and gives it a key that changes every
day; `counting` records a read in hourly buckets, once per client and story; `ranking` adds up
the last 24 hours' buckets. What readers see (the list, its markup, the beacon's endpoint) is
the reader app's (public/most_read.py).
"""
