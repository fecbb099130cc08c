"""What the home page shows: each part of Showup contributes its section."""

from datetime import datetime

from showup.feedback.selectors import open_blockers_for
from showup.meetings import selectors as meetings
from showup.people.models import Person


def home_for(*, person: Person, now: datetime) -> dict[str, object]:
    has_reports = person.reports.filter(is_active=True).exists()
    alerts = meetings.gap_alerts_for(person=person, now=now)
    return {
        "now": now,
        "has_reports": has_reports,
        "manager": person.manager if person.manager_id else None,
        "upcoming": meetings.upcoming_for(person=person, now=now),
        "awaiting": meetings.awaiting_outcome_for(person=person, now=now),
        "alerts": list(alerts.values()),
        "proposals": meetings.proposals_for(person=person),
        "report_rows": meetings.report_rows_for(manager=person, now=now, alerts=alerts)
        if has_reports
        else [],
        "open_blockers": open_blockers_for(manager=person) if has_reports else [],
    }
