"""What the off-topic guard's model sees in a talking point.

One function, `features`, turns a point into the n-grams the model weighs. The
training script hands it to scikit-learn and the app calls it on every point,
so both always see the same thing.

References that look different but mean the same are folded into one token
first: any link is `xurl` (followed by the words in it, so a pull-request link
still says "pull"), a ticket or document key such as JIRA-2231 or INV-0098 is
`xref`, `#482` is `xnum`, and every run of digits is `0`.
"""

import re

URL = re.compile(r"\b(?:https?://|www\.)\S+")
KEY = re.compile(r"\b[a-z][a-z0-9]*-\d+\b", re.IGNORECASE)
HASH_NUMBER = re.compile(r"#\d+")
DIGITS = re.compile(r"\d+")
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[$€£%@/?]")
CHAR_SIZES = (2, 3, 4, 5)


def _url(match: re.Match[str]) -> str:
    return " xurl " + re.sub(r"[^a-z]+", " ", match.group(0).lower()) + " "


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    text = URL.sub(_url, text)
    text = KEY.sub(" xref ", text)
    text = HASH_NUMBER.sub(" xnum ", text)
    return DIGITS.sub("0", text.lower())


def tokens(text: str) -> list[str]:
    return TOKEN.findall(normalise(text))


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
