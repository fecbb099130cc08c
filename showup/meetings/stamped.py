"""What the kept pages read, declared once: every table whose writes must raise a stamp.

Kept pages (core/fragments.py) are served again until a stamp in their key
rises. The database raises the stamps, by triggers on the tables below, so
that no write path can forget. This is the one list; the migrations that
create the triggers hold a frozen copy of it as it was when they were written,
and tests/test_kept_pages.py fails when the database's triggers differ from
it, or when a model linked to a pair is in neither list below.

A newcomer who adds a table that a kept page shows adds it to PAIR_TABLES and
writes a migration that creates its triggers (copy the last one, 0007).
"""

# Each table whose rows show on a pair's pages, and how a row finds its pair:
# the column holding the pair's id, or one pointing into a parent table that has it.
PAIR_TABLES: dict[str, tuple[str, str | None]] = {
    "meetings_pair": ("id", None),
    "meetings_occurrence": ("pair_id", None),
    "meetings_series": ("pair_id", None),
    "meetings_seriesevent": ("pair_id", None),
    "meetings_pairsummary": ("pair_id", None),
    "meetings_occurrencemove": ("occurrence_id", "meetings_occurrence"),
    "agendas_talkingpoint": ("pair_id", None),
    "agendas_recurringpoint": ("pair_id", None),
    "notes_note": ("occurrence_id", "meetings_occurrence"),
    "actions_actionitem": ("pair_id", None),
    "feedback_feedback": ("pair_id", None),
    "feedback_blocker": ("pair_id", None),
    "performance_observation": ("pair_id", None),
    "performance_observationrevision": ("observation_id", "performance_observation"),
    "performance_review": ("pair_id", None),
    "performance_reviewpoint": ("review_id", "performance_review"),
    "careers_careerplan": ("pair_id", None),
    "careers_milestone": ("plan_id", "careers_careerplan"),
    "careers_careerconversation": ("pair_id", None),
    "insights_checkin": ("occurrence_id", "meetings_occurrence"),
    "insights_meetingrating": ("occurrence_id", "meetings_occurrence"),
    "insights_pairweek": ("pair_id", None),
    "calendars_question": ("occurrence_id", "meetings_occurrence"),
}

# A person's columns that show on every page of their pairs (names, time zone,
# who manages them): a change raises the stamps of all their pairs.
PAIR_PERSON_COLUMNS = ("name", "email", "title", "timezone", "is_active", "manager_id")

# A person's columns that change the org chart as team and org pages show it
# (who is in it, who leads whom, who may see it all): a change raises the org
# chart's stamp (stamps.ORG_CHART), as does anyone joining or leaving.
ORG_CHART_COLUMNS = (*PAIR_PERSON_COLUMNS, "is_admin")

# What the live 1:1 page shows both people, raising the pair's shared stamp
# (pages/live.py tells open pages that one): each table, how a row finds its
# pair, and the column that keeps a row to its author. A private row raises
# the pair's stamp alone, so the other person's page never learns that, or
# when, something private was written.
SHARED_TABLES: dict[str, tuple[str, str | None, str | None]] = {
    "meetings_occurrence": ("pair_id", None, None),
    "agendas_talkingpoint": ("pair_id", None, "is_private"),
    "agendas_recurringpoint": ("pair_id", None, "is_private"),
    "notes_note": ("occurrence_id", "meetings_occurrence", "is_private"),
    "actions_actionitem": ("pair_id", None, None),
}

# Tables linked to a pair that no kept page reads, each with why.
NOT_ON_KEPT_PAGES: dict[str, str] = {
    "history_searchentry": "the search index: results are read on each search, never kept",
    "pages_presence": "who has a 1:1 page open: read by each live poll, never kept",
    "calendars_syncedevent": "what a person's calendar last held: read by the sync worker only",
}
