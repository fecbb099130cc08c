"""The demo tells its story: every insight and attention entry shows something."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from showup.insights.org import org_view
from showup.insights.selectors import numbers_by_pair, period_start
from showup.insights.team import team_view
from showup.meetings.models import Pair
from showup.people.models import Person


def person(key: str) -> Person:
    return Person.objects.get(email=f"{key}@kestrel.example")


@pytest.mark.django_db
def test_the_demo_shows_who_slips_and_how(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    now = timezone.now()
    since = period_start("26w", now)

    daniel = team_view(manager=person("daniel"), since=since, now=now).attention
    assert daniel[0].title == "Diego Ramos has no 1:1 series"
    titles = [entry.title for entry in daniel]
    assert "Your 1:1 with Marcus became a status meeting" in titles
    assert any(title.startswith("Chloe rates your 1:1s") for title in titles)
    assert any(title.startswith("You cancelled") for title in titles)
    assert "A concern about Sofia was never raised" in titles

    daniel_habit = next(entry for entry in daniel if entry.kind == "habit-cancelled")
    assert daniel_habit.person == person("daniel")
    assert {person("sofia"), person("chloe")} <= set(daniel_habit.named)

    priya = team_view(manager=person("priya"), since=since, now=now).attention
    assert priya[0].title.startswith("No 1:1 with Kenji for ")
    titles = [entry.title for entry in priya]
    assert any(title.startswith("Kenji's blocker has waited") for title in titles)
    assert "Arjun's check-ins fell to" in " ".join(titles)
    agenda = next(entry for entry in priya if entry.kind == "habit-agenda")
    assert set(agenda.named) == {person("mei"), person("ananya")}

    jonas = [
        entry.title for entry in team_view(manager=person("jonas"), since=since, now=now).attention
    ]
    assert "Your draft review of Tomás would come as a surprise" in jonas
    assert any(title.startswith("Marta's rating of your 1:1s fell to") for title in jonas)
    assert any(title.startswith("You wrote") and title.endswith("with Felix") for title in jonas)
    assert any("overdue commitment" in title and title.endswith("to Lena") for title in jonas)

    groups = {
        group.label: group
        for group in org_view(viewer=person("amara"), since=since, now=now).groups  # type: ignore[union-attr]
    }
    cancel_rates = {label: group.numbers.lead_cancel_rate or 0 for label, group in groups.items()}
    assert max(cancel_rates, key=cancel_rates.__getitem__) == "Daniel Brooks's org"

    status_pair = Pair.objects.get(lead=person("daniel"), member=person("marcus"))
    marcus = numbers_by_pair(pairs=[status_pair.pk], since=since)[status_pair.pk]
    others = numbers_by_pair(pairs=Pair.objects.exclude(pk=status_pair.pk), since=since).values()
    assert marcus.off_topic_share is not None
    assert marcus.off_topic_share > 0.4
    assert all((numbers.off_topic_share or 0) < marcus.off_topic_share for numbers in others)
