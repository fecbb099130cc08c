from django.urls import path

from showup.meetings.views import calendar, occurrences, pairs, series

app_name = "meetings"

urlpatterns = [
    path("pairs/<id:pair_id>/next/", pairs.pair_next, name="pair-next"),
    path("pairs/<id:pair_id>/rhythms/", pairs.pair_rhythms, name="pair-rhythms"),
    path("series/new/", series.series_new, name="series-new"),
    path("series/<id:series_id>/change/", series.series_change, name="series-change"),
    path("series/<id:series_id>/pause/", series.series_pause, name="series-pause"),
    path("series/<id:series_id>/resume/", series.series_resume, name="series-resume"),
    path("series/<id:series_id>/end/", series.series_end, name="series-end"),
    path("series/<id:series_id>/accept/", series.series_accept, name="series-accept"),
    path("series/<id:series_id>/decline/", series.series_decline, name="series-decline"),
    path(
        "occurrences/<id:occurrence_id>/held/",
        occurrences.occurrence_hold,
        name="occurrence-hold",
    ),
    path(
        "occurrences/<id:occurrence_id>/skip/",
        occurrences.occurrence_skip,
        name="occurrence-skip",
    ),
    path(
        "occurrences/<id:occurrence_id>/missed/",
        occurrences.occurrence_missed,
        name="occurrence-missed",
    ),
    path(
        "occurrences/<id:occurrence_id>/restore/",
        occurrences.occurrence_restore,
        name="occurrence-restore",
    ),
    path(
        "occurrences/<id:occurrence_id>/cancel/",
        occurrences.occurrence_cancel,
        name="occurrence-cancel",
    ),
    path(
        "occurrences/<id:occurrence_id>/reschedule/",
        occurrences.occurrence_reschedule,
        name="occurrence-reschedule",
    ),
    path(
        "occurrences/<id:occurrence_id>/invite.ics",
        occurrences.occurrence_invite,
        name="occurrence-invite",
    ),
    path("calendar/", calendar.calendar_settings, name="calendar"),
    path("calendar/new-address/", calendar.calendar_issue, name="calendar-issue"),
    path("calendar/stop/", calendar.calendar_stop, name="calendar-stop"),
    path("calendar/feed/<str:token>.ics", calendar.calendar_feed, name="feed"),
]
