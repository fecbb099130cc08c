"""The guard reads every shipped language: its features see words in any script."""

import pytest

from showup.agendas.guard import judge, purpose
from showup.agendas.guard_features import features, tokens


def test_words_in_any_script_are_words() -> None:
    assert tokens("Wunsch: Weiterbildung zur Praxisanleiterin") == [
        "wunsch",
        "weiterbildung",
        "zur",
        "praxisanleiterin",
    ]
    assert tokens("Urlop w sierpniu?") == ["urlop", "w", "sierpniu", "?"]
    assert tokens("أريد إجازة") == ["اريد", "اجازة"]  # the hamza folded, as people often type it
    assert features("来月の研修")
    assert features("مراجعة")


def test_accents_are_folded_so_a_missing_one_changes_nothing() -> None:
    assert tokens("Reunião sobre férias") == tokens("reuniao sobre ferias")
    assert tokens("Überstunden") == tokens("uberstunden")


def test_japanese_is_cut_where_the_script_changes_and_keeps_its_sound_marks() -> None:
    assert tokens("来月の研修に参加したい") == ["来月", "の", "研修", "に", "参加", "したい"]
    assert tokens("ガイド") != tokens("カイド")


def test_full_width_letters_and_other_digits_and_marks_read_as_plain_ones() -> None:
    assert tokens("ＰＲ１２３") == tokens("PR123") == ["pr0"]
    assert tokens("٢٠٢٦") == ["0"]
    assert tokens("٨٠٪ ؟") == tokens("80 % ?") == ["0", "%", "?"]


@pytest.mark.parametrize(
    "text",
    [
        "Statusbericht Projekt Phoenix: 80 % erledigt, Rest nächste Woche",
        "Revue de la PR #512 avant vendredi",
        "Planning des équipes de nuit pour décembre, qui prend quoi",
        "Revisar la presentación del cliente Acme antes del jueves",
        "Triagem dos chamados abertos da semana, um por um",
        "Stato avanzamento lavori cantiere: 60% completato",
        "Status migratie: 14 van 20 services over",
        "Przegląd faktur do zatwierdzenia: FV-2231, FV-2240",
        "来週のシフト表の割り振り",
        "تحديث حالة المشروع: خلصنا ٨٠٪ من المهام",
    ],
)
def test_it_recognises_catch_up_in_other_languages(text: str) -> None:
    assert judge(text).off_topic, text


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin seit Wochen total erschöpft, die Nachtdienste schaffen mich",
        "J'aimerais parler de mon évolution, je me vois bien chef d'équipe",
        "Me gustaría pedir unos días libres en agosto",
        "Quero conversar sobre uma promoção, acho que estou pronta",
        "Mi sento poco valorizzata dal team ultimamente",
        "Ik wil graag een cursus leidinggeven volgen",
        "Czuję się przeciążony, nie daję rady z nadgodzinami",
        "最近疲れがたまっていて、少し休みを取りたいです",
        "أحتاج إجازة الأسبوع القادم لظروف عائلية",
    ],
)
def test_it_leaves_1_1_topics_in_other_languages_alone(text: str) -> None:
    assert not judge(text).off_topic, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'd love to hear how my presentation came across", "feedback"),
        ("Ich würde gern Teamleiterin werden, was fehlt mir noch?", "career"),
        ("Je suis épuisée, les nuits s'enchaînent", "wellbeing"),
        ("La aprobación de compras tarda semanas y me bloquea", "process"),
        ("Was erwartest du konkret von mir in der neuen Rolle?", "performance"),
        ("Review my PR #482", "catch-up"),
    ],
)
def test_it_names_the_purpose_a_point_serves_in_any_language(text: str, expected: str) -> None:
    assert purpose(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Мне нужен отпуск в мае", "다음 달에 휴가가 필요해요", "אני צריך חופש בחודש הבא"],
)
def test_a_point_in_a_language_it_never_learned_is_left_alone(text: str) -> None:
    """Its score would be the intercept alone; a wrong nudge costs more than a missed one."""
    assert not judge(text).off_topic
    assert purpose(text) != "catch-up"
