"""Signals every domain app may send, for the layers above it to act on.

A domain app never imports what sits above it: it says what changed, and
whoever needs to know listens (history's search index, for one).
"""

from django.dispatch import Signal

# A text people can search was written: kind, object_id, pair, occurrence,
# private_to (its one reader, or None when the pair shares it) and body.
searchable_text_saved = Signal()
# A searchable text is gone: kind and object_id.
searchable_text_deleted = Signal()
# Searchable texts moved to another 1:1 (a carried talking point): kind,
# object_ids and occurrence (None while they wait for the pair's next 1:1),
# so a search sends people to the 1:1 that shows them now.
searchable_texts_moved = Signal()

# A backup was restored: `calendar_key_included` says whether the archive held
# the calendar key. Receivers answer with a sentence for the operator, or "".
data_restored = Signal()
