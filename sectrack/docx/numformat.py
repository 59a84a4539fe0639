"""Numbers written in each w:numFmt of Word's automatic numbering (decimal, letters, roman, words, …)."""

from __future__ import annotations

import functools

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                  "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
_CHICAGO = ("*", "\u2020", "\u2021", "\u00a7")


def _roman(n: int) -> str:
    """Lower-case roman numeral; past 3999 the thousands repeat as "m" (as Word and LibreOffice)."""
    out = []
    for value, digits in _ROMAN:
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def _letters(n: int) -> str:
    """a..z, then aa..zz, aaa.. (the letter repeated, as Word does)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _words(n: int) -> str:
    """English cardinal words in LibreOffice's spelling ("one hundred one", "one thousand and one")."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = f"{_words(thousands)} thousand"
    if not rest:
        return head
    return head + (" and " if rest < 100 else " ") + _words(rest)


def _ordinal_words(n: int) -> str:
    """English ordinal words: the last word of the cardinal made ordinal ("twenty-first")."""
    words = _words(n)
    cut = max(words.rfind(" "), words.rfind("-")) + 1
    last = words[cut:]
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return words[:cut] + last


def _ordinal(n: int) -> str:
    """1st 2nd 3rd 4th … 11th 12th 13th … 21st."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _enclosed_circle(n: int) -> str:
    """①..⑳, ㉑..㉟, ㊱..㊿, else plain digits."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


@functools.lru_cache(maxsize=8192)
def format_number(n: int, fmt: str, custom: str | None = None) -> str:
    """The number ``n`` written in w:numFmt ``fmt`` (unknown formats fall back to decimal)."""
    if fmt == "none":
        return ""
    if fmt == "custom" and custom:
        width = len(custom.split(",")[0].strip())
        return str(n).zfill(width)
    if n <= 0:
        return str(n)  # LibreOffice writes 0 (a start of 0) as "0" in every format
    if fmt == "decimalZero":
        return f"0{n}" if n < 10 else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(n)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "ordinal":
        return _ordinal(n)
    if fmt in ("cardinalText", "ordinalText") and n < 1_000_000:
        text = _words(n) if fmt == "cardinalText" else _ordinal_words(n)
        return text[:1].upper() + text[1:]
    if fmt == "chicago":
        return _CHICAGO[(n - 1) % 4] * ((n - 1) // 4 + 1)
    if fmt == "decimalEnclosedCircle":
        return _enclosed_circle(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    return str(n)
