"""The person's calendar connection page, and the questions their calendar raised."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from showup.calendars import selectors, services
from showup.calendars.errors import CalendarError
from showup.calendars.forms import AnswerForm, ConnectForm
from showup.core.resend import mark_refused
from showup.meetings.errors import MeetingError
from showup.meetings.views.common import found, viewer


@require_http_methods(["GET", "POST"])
def connection_page(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    form = ConnectForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.connection_connect(person=person, **form.cleaned_data)
            except CalendarError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, "Your calendar is connected. Your 1:1s appear in it within a minute."
                )
                return redirect("calendars:connection")
        mark_refused(request)
        status = 400
    context = {
        "form": form,
        "connection": selectors.connection_of(person),
        "questions": list(selectors.questions_open(person)),
    }
    response = render(request, "calendars/connection.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def disconnect(request: HttpRequest) -> HttpResponse:
    if services.connection_disconnect(person=viewer(request)):
        messages.success(
            request, "Your calendar is disconnected; Showup's events were removed from it."
        )
    return redirect("calendars:connection")


@require_http_methods(["GET", "POST"])
def question_page(request: HttpRequest, question_id: int) -> HttpResponse:
    person = viewer(request)
    question = found(lambda: selectors.question_get(person=person, question_id=question_id))
    answers = services.question_answers(question)
    error = ""
    if request.method == "POST":
        form = AnswerForm(request.POST)
        try:
            if not form.is_valid():
                raise MeetingError("Choose one of the answers offered.")
            services.question_answer(
                question=question, person=person, answer=form.cleaned_data["answer"]
            )
        except MeetingError as problem:
            mark_refused(request)
            error = str(problem)
        else:
            messages.success(request, "Thank you. Showup and your calendar will agree on it.")
            return redirect("calendars:connection")
    context = {"question": question, "answers": answers, "error": error, "person": person}
    return render(request, "calendars/question.html", context, status=409 if error else 200)
