import logging

from showup.core.logs import RedactSecrets, redact


def test_it_redacts_tokens_in_paths_and_queries() -> None:
    line = '"GET /calendar/feed/Zx8_kq2LmPq0aW9vTtYy3rUu.ics HTTP/1.1" 200'
    assert redact(line) == '"GET /calendar/feed/[redacted].ics HTTP/1.1" 200'
    assert (
        redact("/accounts/reset/MQ/cdx2ab-0123456789abcdef0123/")
        == "/accounts/reset/MQ/[redacted]/"
    )
    assert redact("/r/?token=abc&x=1") == "/r/?token=[redacted]&x=1"


def test_it_leaves_ordinary_paths_alone() -> None:
    assert redact('"GET /people/42/ HTTP/1.1" 200') == '"GET /people/42/ HTTP/1.1" 200'


def test_the_filter_rewrites_formatted_records() -> None:
    record = logging.LogRecord(
        "x",
        logging.INFO,
        "",
        0,
        '"%s" %s',
        ("GET /calendar/feed/Zx8_kq2LmPq0aW9vTtYy3rUu.ics", 200),
        None,
    )
    assert RedactSecrets().filter(record)
    assert "Zx8_" not in record.getMessage()


def test_search_terms_never_reach_the_access_log() -> None:
    line = '"GET /search/?q=salary+raise&page=2 HTTP/1.1" 200 5120'
    assert redact(line) == '"GET /search/?q=[redacted]&page=2 HTTP/1.1" 200 5120'
    assert redact("/people/?q=lena") == "/people/?q=[redacted]"
    assert redact("/insights/?freq=4") == "/insights/?freq=4"
