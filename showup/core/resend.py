"""Resend-safe POSTs: every page's forms carry a one-time key, and a key is acted on once.

A browser or client that resends a form after a dropped connection sends the
same key again; it gets the first answer back and nothing is written twice.

The view's writes and the key's claim run in one transaction, so a request
that fails with a 5xx leaves no half-done write behind and a write is never
done without its key. That transaction ends before the answer is rendered
(`deferred_render`): on SQLite it holds the one write lock, and every other
writer waits for it. Views that write on their own terms (sign-in checks a
password hash, 50 ms of CPU, before it writes) say so with
`own_transactions` and never hold the lock while they think.
"""

import hashlib
import re
import secrets
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from showup.core.jobs import periodic
from showup.core.models import FormKey
from showup.people.models import Person

FIELD = "once"
UNSIGNED_FIELDS = {"csrfmiddlewaretoken"}
KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
REPLAYED_HEADERS = (
    "Content-Type",
    "Location",
    "HX-Redirect",
    "HX-Trigger",
    "HX-Refresh",
    "HX-Retarget",  # where a part answered alone goes (a new talking point, agendas/views.py)
    "HX-Reswap",
)
KEPT_FOR = timedelta(days=2)
# A stored answer may quote 1:1 content; it is kept only as long as a client plausibly retries.
ANSWER_KEPT_FOR = timedelta(hours=1)
ANSWER_GONE = b"This form was already sent and done. Reload the page to see the result."
ANSWER_PENDING = b"This form is being sent right now. Reload the page in a moment to see it done."
# A resend that arrives while the first send is still answering waits for its answer,
# outside any transaction (on SQLite the first needs the write lock to store it).
ANSWER_WAIT = 5.0
ANSWER_POLL = 0.05

Handler = Callable[[HttpRequest], HttpResponse]


def new_key() -> str:
    return secrets.token_urlsafe(24)


def mark_refused(request: HttpRequest) -> None:
    """The request was refused with a message (and changed nothing): its key stays unused."""
    request.showup_refused = True  # type: ignore[attr-defined]


def mark_secret(request: HttpRequest) -> None:
    """The answer shows a secret once (a new API token): it is never stored for a resend."""
    request.showup_secret = True  # type: ignore[attr-defined]


def _refused(request: HttpRequest, response: HttpResponse) -> bool:
    return response.status_code >= 400 or getattr(request, "showup_refused", False)


def _key_of(request: HttpRequest) -> str:
    """The form's key bound to what was sent: a resend matches it, a new answer on a page kept
    in the browser's history (the same key, other text) does not, and is done as it should be."""
    key = request.POST.get(FIELD, "")
    if not KEY.fullmatch(key):
        return ""
    sent = sorted(
        (name, values) for name, values in request.POST.lists() if name not in UNSIGNED_FIELDS
    )
    files = sorted(
        (name, upload.name, upload.size)
        for name in request.FILES
        for upload in request.FILES.getlist(name)
    )
    return hashlib.sha256(repr((request.path, sent, files)).encode()).hexdigest()


def _replay(stored: FormKey) -> HttpResponse:
    response = HttpResponse(bytes(stored.body), status=stored.status)
    for name, value in stored.headers.items():
        response[name] = value
    return response


def _remember(claim: FormKey, response: HttpResponse) -> None:
    claim.status = response.status_code
    claim.headers = {name: response[name] for name in REPLAYED_HEADERS if name in response}
    claim.body = response.content
    claim.save(update_fields=["status", "headers", "body"])


def _forget_answer(claim: FormKey) -> None:
    claim.status = 409
    claim.headers = {"Content-Type": "text/plain; charset=utf-8"}
    claim.body = ANSWER_GONE
    claim.save(update_fields=["status", "headers", "body"])


def _claim(person: Person, key: str) -> FormKey | None:
    """The key, now used; None if it was used already."""
    try:
        with transaction.atomic():
            return FormKey.objects.create(person=person, key=key)
    except IntegrityError:
        return None


def _first_answer(person: Person, key: str) -> HttpResponse:
    """The answer the first send of this form got, once it has one."""
    deadline = time.monotonic() + ANSWER_WAIT
    while True:
        stored = FormKey.objects.filter(person=person, key=key).first()
        if stored is None:  # the first send failed and freed its key: this one may try
            return HttpResponse(
                ANSWER_PENDING, status=409, content_type="text/plain; charset=utf-8"
            )
        if stored.status:
            return _replay(stored)
        if time.monotonic() > deadline:
            return HttpResponse(
                ANSWER_PENDING, status=409, content_type="text/plain; charset=utf-8"
            )
        time.sleep(ANSWER_POLL)


View = TypeVar("View", bound=Callable[..., object])


def own_transactions(view: View) -> View:
    """The view opens its own short transactions: the middleware claims the key on its own."""
    view.showup_own_transactions = True  # type: ignore[attr-defined]
    return view


class _WriteScope:
    """One POST's transaction: opened before the view, closed before its answer is rendered."""

    def __init__(self, person: Person | None, key: str) -> None:
        self.person, self.key = person, key
        self.atomic: transaction.Atomic | None = None
        self.claim: FormKey | None = None

    def open(self, *, own_transactions: bool) -> HttpResponse | None:
        """Claims the key; or, for a resend, answers with what the first send was answered."""
        if not own_transactions:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
        if self.person is None or not self.key:
            return None
        self.claim = _claim(self.person, self.key)
        if self.claim is not None:
            return None
        self.close(HttpResponse(status=204))  # nothing was written: leave the transaction
        return _first_answer(self.person, self.key)

    def close(self, response: HttpResponse) -> None:
        if self.atomic is None:
            return
        atomic, self.atomic = self.atomic, None
        if response.status_code >= 500:
            transaction.set_rollback(True)
            self.claim = None
        atomic.__exit__(None, None, None)

    def settle(self, request: HttpRequest, response: HttpResponse) -> None:
        """After the answer is rendered: keep it for a resend, or free the key if nothing was done."""
        if self.claim is None:
            return
        if (
            response.status_code >= 500
        ):  # written, then failed to answer: a resend must not redo it
            _forget_answer(self.claim)
        elif _refused(request, response):
            self.claim.delete()  # refused: changed nothing, so a resend may try again
        elif getattr(request, "showup_secret", False):
            _forget_answer(self.claim)
        elif not response.streaming:
            _remember(self.claim, response)


class ResendSafeMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return self.get_response(request)
        user = getattr(request, "user", None)
        person = user if isinstance(user, Person) else None
        key = _key_of(request) if person else ""
        request.showup_write = _WriteScope(person, key)  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        except BaseException:
            scope = getattr(request, "showup_write", None)
            if scope is not None and scope.atomic is not None:
                scope.atomic.__exit__(*sys.exc_info())
            raise
        scope = getattr(request, "showup_write", None)
        if scope is not None:
            scope.close(response)  # a plain response, rendered in the view
            scope.settle(request, response)
        return response

    def process_view(
        self, request: HttpRequest, view: Handler, args: object, kwargs: object
    ) -> HttpResponse | None:
        scope = getattr(request, "showup_write", None)
        if scope is None:
            return None
        return scope.open(own_transactions=getattr(view, "showup_own_transactions", False))

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        # The write is done: commit, then render, so nobody waits on the lock while we do.
        scope = getattr(request, "showup_write", None)
        if scope is not None:
            scope.close(response)
        return response


@periodic("core.form-keys-forget", every=timedelta(minutes=15))
def form_keys_forget_job() -> None:
    form_keys_forget()


def form_keys_forget(*, now: datetime | None = None) -> int:
    """Forgets the answers after an hour (a late resend is told it was done) and the keys after two days."""
    now = now or timezone.now()
    FormKey.objects.filter(created_at__lt=now - ANSWER_KEPT_FOR, status__lt=300).update(
        status=409, headers={"Content-Type": "text/plain; charset=utf-8"}, body=ANSWER_GONE
    )
    return FormKey.objects.filter(created_at__lt=now - KEPT_FOR).delete()[0]
