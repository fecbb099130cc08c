"""`python -m bench`: every benchmark, one after another, each printing its numbers."""

from bench import agenda_guard, search

agenda_guard.main(agenda_guard.DEFAULT_FILES)
search.main()
