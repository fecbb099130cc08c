"""What the off-topic guard's model sees in a talking point.

One function, `features`, turns a point into the n-grams the model weighs. The
training script hands it to scikit-learn and the app calls it on every point,
so both always see the same thing.

References that look different but mean the same are folded into one token
first: any link is `xurl` (followed by the words in it, so a pull-request link
still says "pull"), a ticket or document key such as JIRA-2231 or INV-0098 is
`xref`, `#482` is `xnum`, and every run of digits is `0`.

Words are words in any script, so a point in Polish, Japanese or Arabic has
features too. Accents and Arabic vowel marks are folded away, because people
type "reuniao" as often as "reunião"; Japanese sound marks stay (か is not が).
A language written without spaces is one long "word" whose letter n-grams do
the work that words do elsewhere.
"""

import re
import unicodedata

URL = re.compile(r"\b(?:https?://|www\.)\S+")
KEY = re.compile(r"\b[a-z][a-z0-9]*-\d+\b", re.IGNORECASE)
HASH_NUMBER = re.compile(r"#\d+")
DIGITS = re.compile(r"\d+")
TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?|[$€£%@/?]")
# Arabic writes its own percent and question marks; they mean what % and ? mean.
SAME_MARKS = str.maketrans({"٪": "%", "؟": "?"})
# Japanese voiced and semi-voiced sound marks: combining, yet part of the letter.
KEPT_MARKS = {"\u3099", "\u309a"}
# Japanese has no spaces; where the script changes (kanji, hiragana, katakana) is
# near enough to where a word ends: 来月の研修 is 来月 / の / 研修.
JAPANESE_RUN = re.compile(
    r"[\u4e00-\u9fff々]+|[\u3040-\u309f]+|[\u30a0-\u30ffー]+|[^\u3040-\u30ff\u4e00-\u9fff々]+"
)
CHAR_SIZES = (2, 3, 4, 5)


def _url(match: re.Match[str]) -> str:
    return " xurl " + re.sub(r"[^a-z]+", " ", match.group(0).lower()) + " "


def folded(text: str) -> str:
    """Accents and vowel marks dropped, full-width letters and digits made plain."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (char for char in decomposed if char in KEPT_MARKS or not unicodedata.combining(char))
    return unicodedata.normalize("NFC", "".join(kept))


def normalise(text: str) -> str:
    text = folded(text.replace("’", "'").replace("‘", "'")).translate(SAME_MARKS)
    text = URL.sub(_url, text)
    text = KEY.sub(" xref ", text)
    text = HASH_NUMBER.sub(" xnum ", text)
    return DIGITS.sub("0", text.lower())


def tokens(text: str) -> list[str]:
    return [run for token in TOKEN.findall(normalise(text)) for run in _runs(token)]


def _runs(token: str) -> list[str]:
    return JAPANESE_RUN.findall(token) if not token.isascii() else [token]


def features(text: str) -> list[str]:
    """Words, pairs of words (the first one marked), and the letter n-grams of each word."""
    words = tokens(text)
    found = [f"w {word}" for word in words]
    found += [f"w {first} {second}" for first, second in zip(["^", *words], words, strict=False)]
    for word in set(words):
        padded = f" {word} "
        for size in CHAR_SIZES:
            found += [f"c {padded[i : i + size]}" for i in range(len(padded) - size + 1)]
    return found
