"""`python -m bench` (or `make bench`): every benchmark, one after another, each printing its numbers."""

from bench import agenda_guard, org, search

agenda_guard.main()
search.main()
org.main()
