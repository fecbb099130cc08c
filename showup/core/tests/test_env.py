import pytest
from django.core.exceptions import ImproperlyConfigured

from showup.env import envbool, envint, envlist


def test_envbool_reads_the_usual_words(monkeypatch: pytest.MonkeyPatch) -> None:
    for word, expected in (
        ("true", True),
        ("Yes", True),
        ("1", True),
        ("off", False),
        ("FALSE", False),
    ):
        monkeypatch.setenv("SHOWUP_X", word)
        assert envbool("SHOWUP_X", not expected) is expected


def test_envbool_fails_loudly_on_a_typo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOWUP_X", "ture")
    with pytest.raises(ImproperlyConfigured, match="SHOWUP_X='ture' is not a boolean"):
        envbool("SHOWUP_X", False)


def test_envint_fails_loudly_on_a_word_or_a_value_too_small(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOWUP_X", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        envint("SHOWUP_X", 1)
    monkeypatch.setenv("SHOWUP_X", "0")
    with pytest.raises(ImproperlyConfigured, match="below its minimum of 1"):
        envint("SHOWUP_X", 5, minimum=1)


def test_unset_values_take_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOWUP_X", raising=False)
    assert envint("SHOWUP_X", 7) == 7
    assert envlist("SHOWUP_X", ["a"]) == ["a"]
    monkeypatch.setenv("SHOWUP_X", " a, b ,,c ")
    assert envlist("SHOWUP_X", []) == ["a", "b", "c"]
