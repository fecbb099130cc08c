"""A number no column holds, in a path or a form, is a clear refusal on both databases, never a 500.

SQLite's driver cannot even send one past 2**63 (OverflowError); ids go
through one rule (`core.converters`: the `<id:...>` path converter and
`id_from` for forms).
"""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from showup.core.converters import id_from
from showup.performance import services
from showup.performance.models import ReviewPoint
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db
HUGE = str(10**23)


@pytest.mark.parametrize(
    ("raw", "found"),
    [("1", 1), ("9" * 18, int("9" * 18)), ("9" * 19, None), ("", None), ("²", None), ("-1", None)],
)
def test_an_id_is_one_to_eighteen_plain_digits(raw: str, found: int | None) -> None:
    assert id_from(raw) == found


def test_huge_ids_in_paths_are_not_found(sign_in: Any) -> None:
    client = sign_in(PersonFactory.create())
    for path in (f"/occurrences/{HUGE}/", f"/pairs/{HUGE}/", f"/api/v1/pairs/{HUGE}"):
        assert client.get(path).status_code == 404, path


def test_huge_ids_in_forms_are_refused_and_change_nothing(sign_in: Any) -> None:
    manager = PersonFactory.create()
    series = weekly_series(
        manager, PersonFactory.create(manager=manager), first_day=date(2026, 3, 2)
    )
    review = services.review_create(
        pair=series.pair, by=manager, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)
    )
    client = sign_in(manager)
    answer = client.post(
        reverse("performance:point-add", args=[review.pk]),
        {"text": "Estimates", "observations": HUGE, "once": "h" * 24},
    )
    assert answer.status_code < 500
    assert not ReviewPoint.objects.exists()
    answer = client.post(
        reverse("feedback:pair", args=[series.pair_id]),
        {"kind": "praise", "text": "Thanks", "occurrence": HUGE, "once": "i" * 24},
    )
    assert answer.status_code < 500
