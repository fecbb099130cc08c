"""A bounded fuzzer over every endpoint: as several people and signed out, with bad input of every kind.

Two rules hold for every request: the answer is never a 5xx, and a refused
request (an answer of 400 or more, or a refusal shown as a message) changes
no row. The cases come from a seeded generator, so a failure names the seed
and case that reproduce it. SHOWUP_FUZZ_CASES sets how many (default 400).
"""

import hashlib
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test import Client
from django.urls import get_resolver, reverse

from showup.core.models import FormKey, JobRun
from showup.demo.builders import demo_build
from showup.people.models import Person
from tests.urls import _walk

SEED = int(os.environ.get("SHOWUP_FUZZ_SEED", "20261201"))
CASES = int(os.environ.get("SHOWUP_FUZZ_CASES", "400"))
PACKAGE = Path(__file__).resolve().parent.parent / "showup"
# Rows a request may touch without acting: the session, and bookkeeping of form keys and jobs.
UNWATCHED = {Session, FormKey, JobRun}
TODAY = date.today()

TEXT = [
    "",
    " ",
    "How is the new role going?",
    "Review PR #4512 and fix JIRA-77",
    "Ünïcødé ✓ 日本語 😀",
    "\u202egnp.exe",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "x" * 501,
    "y" * 5_001,
    "z" * 50_001,
    "w" * 100_001,
    "line one\r\nline two\ttabbed",
]
CONTROL = ["\x00", "a\x00b", "\x01", "\x1b[2J", "\x7f", "\x85", "ok\x0cpage"]
NUMBERS = ["-1", "0", "1", "2", "5", "6", "abc", "1e9", "3.5", "NaN", "9" * 20, str(2**63)]
DATES = [
    TODAY.isoformat(),
    (TODAY + timedelta(days=1)).isoformat(),
    (TODAY + timedelta(days=400)).isoformat(),
    (TODAY - timedelta(days=30)).isoformat(),
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "2027-03-28",
    "yesterday",
]
TIMES = ["10:00", "02:30", "23:59", "24:00", "25:61", "-1:00", "noon", "10:00:00.5"]
ZONES = ["UTC", "Europe/Berlin", "Asia/Kolkata", "Mars/Olympus", "../../etc/passwd", "Etc/GMT+14"]
RULES = [
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    "FREQ=SECONDLY",
    "FREQ=MINUTELY;INTERVAL=1",
    "FREQ=DAILY;COUNT=100000000",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31",
    "RRULE:FREQ=WEEKLY;BYDAY=XX",
    "FREQ=WEEKLY\nEXDATE:20260101T000000Z",
    "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=FR",
    "junk",
]
CHOICES = [
    "on",
    "off",
    "up",
    "down",
    "shared",
    "private",
    "other",
    "me",
    "custom",
    "weekly",
    "biweekly",
    "monthly",
    "held",
    "skipped",
    "prompt",
    "home",
    "strength",
    "concern",
    "upward",
    "manager",
    "ic",
    "true",
    "/",
    "/people/manage/",
    "//evil.example/",
    "people_admin:manage",
]
GOOD = {
    "text": "How is the new role going?",
    "body": "We talked about **growth**.",
    "version": "1",
    "due_on": (TODAY + timedelta(days=7)).isoformat(),
    "day": (TODAY + timedelta(days=2)).isoformat(),
    "first_day": (TODAY + timedelta(days=3)).isoformat(),
    "from_day": (TODAY + timedelta(days=3)).isoformat(),
    "period_start": (TODAY - timedelta(days=180)).isoformat(),
    "period_end": TODAY.isoformat(),
    "at": "10:00",
    "timezone": "Europe/Berlin",
    "cadence": "weekly",
    "custom_rule": "FREQ=WEEKLY;INTERVAL=3",
    "duration_minutes": "30",
    "max_gap_days": "21",
    "score": "4",
    "rating": "4",
    "email": "someone.new@example.com",
    "name": "Someone New",
}
CSV_FILES = [
    b"",
    b"\x00\x00\x00",
    b"\xff\xfe\x00e\x00m\x00a\x00i\x00l\x00",
    b"email,name\n",
    b"email,name,title,manager_email,timezone\na@example.com,A,,,Mars/Olympus\n",
    b"email,name,title,manager_email,timezone\na@example.com,A\x00B,,,UTC\n",
    b"email,name,title,manager_email,timezone\na@example.com,A,,b@example.com,UTC\n"
    b"b@example.com,B,,a@example.com,UTC\n",
    b"email,name,title,manager_email,timezone\n" + b"c@example.com," + b"N" * 5000 + b",,,UTC\n",
    b'"unterminated,quote\n',
    b"email;name;title\nx@example.com;X;Y\n",
    os.urandom(2048),
    b"email,name,title,manager_email,timezone\n"
    + b"".join(b"p%d@example.com,P %d,,,UTC\n" % (n, n) for n in range(300)),
]
ID_MODELS = {
    "occurrence_id": "meetings.Occurrence",
    "pair_id": "meetings.Pair",
    "series_id": "meetings.Series",
    "point_id": "agendas.TalkingPoint",
    "item_id": "actions.ActionItem",
    "person_id": "people.Person",
    "feedback_id": "feedback.Feedback",
    "blocker_id": "feedback.Blocker",
    "observation_id": "performance.Observation",
    "review_id": "performance.Review",
    "milestone_id": "careers.Milestone",
    "message_id": "mail.OutboxMessage",
}


def field_names() -> list[str]:
    """Every name a form or view of Showup reads, found in its templates, forms and views."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*"):
        if path.suffix == ".html":
            names |= set(re.findall(r'name="([a-z_0-9]+)"', path.read_text()))
        elif path.suffix == ".py":
            names |= set(
                re.findall(r'POST(?:\.get|\.getlist)?\(?\[?"([a-z_0-9]+)"', path.read_text())
            )
    for form in _forms():
        names |= set(form.base_fields)
    return sorted(names - {"viewport", "csrfmiddlewaretoken"})


def _forms() -> Iterator[type[forms.Form]]:
    for config in apps.get_app_configs():
        if not config.name.startswith("showup."):
            continue
        try:
            module = __import__(f"{config.name}.forms", fromlist=["*"])
        except ImportError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Form) and value.base_fields:
                yield value


def url_with(name: str, values: dict[str, Any]) -> str:
    """The URL of `name` with any values in its path, even ones its converters would refuse."""
    stand_ins = {argument: f"{index + 1:018d}" for index, argument in enumerate(values)}
    url = reverse(name, kwargs=stand_ins)
    for argument, stand_in in stand_ins.items():
        url = url.replace(stand_in, str(values[argument]), 1)
    return url


def url_patterns() -> dict[str, Any]:
    return dict(_walk(get_resolver().url_patterns))


def snapshot() -> str:
    """A fingerprint of every row Showup keeps."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model in UNWATCHED:
            continue
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


@dataclass
class Case:
    number: int
    role: str
    method: str
    url: str
    data: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        shown = {
            key: (value[:40] + "…" if isinstance(value, str) and len(value) > 40 else value)
            for key, value in self.data.items()
        }
        return f"case {self.number} (seed {SEED}): {self.role} {self.method} {self.url} {shown!r}"


class Fuzzer:
    def __init__(self, people: dict[str, Person]) -> None:
        self.random = random.Random(SEED)
        self.people = people
        self.names = field_names()
        self.patterns = url_patterns()
        self.ids = self._ids()

    def _ids(self) -> dict[str, dict[str, list[int]]]:
        """For each role, the ids of things that are theirs (more interesting) and of everything."""
        pools: dict[str, dict[str, list[int]]] = {}
        for role, person in self.people.items():
            pools[role] = {}
            for argument, label in ID_MODELS.items():
                model = apps.get_model(label)
                everything = list(model._default_manager.values_list("pk", flat=True)[:400])
                mine = everything
                if label != "people.Person" and any(f.name == "pair" for f in model._meta.fields):
                    own = Q(pair__lead=person) | Q(pair__member=person)
                    mine = list(
                        model._default_manager.filter(own).values_list("pk", flat=True)[:200]
                    )
                elif label == "meetings.Pair":
                    own = Q(lead=person) | Q(member=person)
                    mine = list(model._default_manager.filter(own).values_list("pk", flat=True))
                pools[role][argument] = mine or everything
                pools[role][f"all:{argument}"] = everything
        return pools

    def url(self, name: str, role: str) -> str:
        values: dict[str, Any] = {}
        for argument, converter in self.patterns[name].pattern.converters.items():
            kind = type(converter).__name__
            if kind == "IdConverter":
                values[argument] = self._id(argument, role)
            elif argument == "which":
                values[argument] = self.random.choice(["shared", "private", "x", "SHARED"])
            else:
                values[argument] = self.random.choice(["x", "0" * 80, "abc.def-ghi_jkl", "%00"])
        return url_with(name, values)

    def _id(self, argument: str, role: str) -> int:
        pool = self.ids.get(role, {})
        roll = self.random.random()
        if argument in ID_MODELS and pool.get(argument) and roll < 0.75:
            return self.random.choice(pool[argument])
        if argument in ID_MODELS and pool.get(f"all:{argument}") and roll < 0.9:
            return self.random.choice(pool[f"all:{argument}"])
        return self.random.choice([0, 1, 10**12, 2**63, 2**31])

    def value(self, name: str, role: str) -> Any:
        roll = self.random.random()
        if roll < 0.35 and name in GOOD:
            return GOOD[name]
        if roll < 0.4:
            return [self.value(name, role), self.value(name, role)]  # the field twice
        pool = {
            "date": DATES,
            "day": DATES,
            "time": TIMES,
            "at": TIMES,
            "zone": ZONES,
            "rule": RULES,
        }
        for hint, values in pool.items():
            if hint in name and self.random.random() < 0.7:
                return self.random.choice(values)
        if name.endswith("_id") or name in ("occurrence", "manager", "owner", "version"):
            return self.random.choice([*NUMBERS, str(self._id("occurrence_id", role))])
        return self.random.choice([*TEXT, *NUMBERS, *CHOICES, *DATES[:3], *ZONES, *RULES[:3]])

    def data(self, role: str) -> dict[str, Any]:
        """Fields in one of four moods: plausible, plausible with control characters, junk, none."""
        mood = self.random.choice(["plausible", "plausible", "control", "junk", "junk", "none"])
        if mood == "none":
            return {}
        chosen = [name for name in self.names if self.random.random() < 0.3]
        data = {name: self.value(name, role) for name in chosen}
        if mood in ("plausible", "control"):
            data.update(GOOD)
        if mood == "control":
            data = {
                name: value + self.random.choice(CONTROL) if isinstance(value, str) else value
                for name, value in data.items()
            }
        return data

    def cases(self, count: int) -> Iterator[Case]:
        posts = sorted(self.patterns)
        roles = [*sorted(self.people), "signed-out"]
        for number in range(count):
            role = self.random.choice(roles)
            name = self.random.choice(posts)
            data = self.data(role)
            if name == "people_admin:import" and self.random.random() < 0.8:
                upload = self.random.choice(CSV_FILES)
                data["file"] = SimpleUploadedFile("org.csv", upload, content_type="text/csv")
            if name == "people_admin:import-apply" and self.random.random() < 0.8:
                data["csv_text"] = self.random.choice(CSV_FILES).decode("utf-8", "replace")
            yield Case(number, role, "POST", self.url(name, role), data)


def _clients(people: dict[str, Person]) -> dict[str, Client]:
    clients = {"signed-out": Client()}
    for role, person in people.items():
        clients[role] = Client()
        clients[role].force_login(person)
    return clients


def _refused(response: Any) -> bool:
    return response.status_code >= 400 or getattr(response.wsgi_request, "showup_refused", False)


@pytest.fixture
def company(db: None) -> dict[str, Person]:
    people = demo_build().people
    stranger = Person.objects.create_user(email="stranger@example.com", name="Stan Stranger")
    return {
        "director": people["amara"],
        "manager": people["jonas"],
        "report": people["lena"],
        "admin": people["sam"],
        "stranger": stranger,
    }


def test_no_request_answers_5xx_and_a_refused_one_changes_nothing(
    company: dict[str, Person],
) -> None:
    fuzzer = Fuzzer(company)
    clients = _clients(company)
    before = snapshot()
    refused = accepted = 0
    for case in fuzzer.cases(CASES):
        response = clients[case.role].post(case.url, case.data)
        after = snapshot()
        assert response.status_code < 500, str(case)
        if _refused(response):
            refused += 1
            assert after == before, f"a refused request changed rows: {case}"
        else:
            accepted += 1
        before = after
    print(f"fuzz: {CASES} POST cases, {refused} refused, {accepted} accepted")
    assert refused
    assert accepted


def test_every_url_answers_any_method_without_a_5xx(company: dict[str, Person]) -> None:
    fuzzer = Fuzzer(company)
    clients = _clients(company)
    requests = 0
    for method in ("put", "patch", "delete", "options", "head", "get"):
        before = snapshot()
        for name in sorted(fuzzer.patterns):
            for role in ("report", "manager", "signed-out", "admin"):
                url = fuzzer.url(name, role)
                query = {"q": fuzzer.random.choice([*TEXT[:8], *CONTROL]), "period": "abc"}
                response = getattr(clients[role], method)(url, query if method == "get" else None)
                requests += 1
                assert response.status_code < 500, f"{role} {method.upper()} {url}"
        if method != "get":  # a GET may refresh what is derived, such as a pair's schedule
            assert snapshot() == before, f"a {method.upper()} changed rows"
    print(f"fuzz: {requests} requests with other methods")


ODD_BODIES = [
    ("application/x-www-form-urlencoded", b"text=%FF%FE%00&body=\xff\xfe&once=%00"),
    ("application/x-www-form-urlencoded", b"&".join(b"f%d=x" % n for n in range(900))),
    ("application/json", b'{"text": "hello\\u0000", "version": [1]}'),
    ("multipart/form-data", b"--nope\r\nnot really multipart"),
    (
        "multipart/form-data; boundary=b",
        b'--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nA\x00B\r\n--b--\r\n',
    ),
    ("text/plain", b"\x00\x01\x02"),
]


def _huge_ids(fuzzer: Fuzzer, name: str, person: Person) -> int:
    """Every id in the path a number no database column holds: a 404, never a 500."""
    converters = fuzzer.patterns[name].pattern.converters
    if not any(type(converter).__name__ == "IdConverter" for converter in converters.values()):
        return 0
    huge = {
        argument: 10**23 if type(converter).__name__ == "IdConverter" else "x"
        for argument, converter in converters.items()
    }
    url = url_with(name, huge)
    client = Client()
    client.force_login(person)
    for method in ("get", "post"):
        response = getattr(client, method)(url, {"once": "9" * 30})
        assert response.status_code < 500, f"{method.upper()} {url}"
        assert response.status_code != 302 or "sign-in" not in response["Location"], url
    return 2


def test_odd_bodies_and_paths_answer_without_a_5xx(company: dict[str, Person]) -> None:
    fuzzer = Fuzzer(company)
    clients = _clients(company)
    before = snapshot()
    requests = 0
    for name in sorted(fuzzer.patterns):
        for content_type, body in fuzzer.random.sample(ODD_BODIES, 3):
            url = fuzzer.url(name, "report")
            response = clients["report"].generic("POST", url, body, content_type=content_type)
            requests += 1
            assert response.status_code < 500, f"{content_type} POST {url}"
            if response.status_code == 405:  # refused by the method check before any code ran
                continue
            after = snapshot()
            if _refused(response):
                assert after == before, f"a refused {content_type} POST {url} changed rows"
            before = after
        for converter, odd in (("str", "%00"), ("str", "a%0Ab"), ("str", "%C3%28")):
            if converter in str(fuzzer.patterns[name].pattern):
                url = fuzzer.url(name, "report")
                bent = re.sub(r"/x/|/x\.ics$|/[^/]*/$", f"/{odd}/", url, count=1)
                response = clients["report"].post(bent, {"text": "hello"})
                requests += 1
                assert response.status_code < 500, f"POST {bent}"
        requests += _huge_ids(fuzzer, name, company["report"])
        before = snapshot()  # its sign-in wrote a session
    print(f"fuzz: {requests} requests with odd bodies and paths")
