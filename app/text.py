"""One rule for the text people and files give us, used by the member form, the importer
and head-office sync alike (issue #16):

* **Invisible characters are removed** from every text field: control characters (NUL,
  ESC, BEL …; tab and line breaks stay in multi-line fields), zero-width characters,
  bidirectional overrides and isolates (which make "VK0001" display as "1000KV"), the
  BOM, soft hyphens and Unicode tag characters. A name of only U+200B is then empty,
  and "required" says so.
* **Look-alike digits are folded** (:func:`fold_digits`) where a value is a number or
  an identifier: phones, member numbers, amounts and dates go through NFKC (full-width
  ``１３８`` → ``138``, ``－`` → ``-``) and every Unicode decimal digit (Arabic-Indic
  ``١٣٨``, Devanagari …) becomes its ASCII digit, so one phone is one member.

Names and free text keep their own characters (NFC only): NFKC would also turn ``①``
into ``1`` and ``ｶ`` into ``カ``, which is not ours to change in a note.
"""

from __future__ import annotations

import re
import unicodedata

# Cc (controls) but tab and line breaks, and the Cf (format) characters that can appear
# in text people paste: soft hyphen, Arabic letter mark, Mongolian vowel separator,
# zero-width space/joiners, LRM/RLM, bidi embeddings/overrides/isolates, word joiner and
# invisible operators, BOM / zero-width no-break space, interlinear annotation marks,
# and the tag characters. A test checks every Cc/Cf character of the BMP is covered.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "]"
)
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
# anything clean_text would change (the invisible characters, and line breaks to fold)
_ODD = re.compile(_INVISIBLE.pattern[:-1] + "\r\u2028\u2029\x85]")
_BLANKS = re.compile("[\t\n]+")


def clean_text(value: object, *, multiline: bool = True) -> str:
    """``value`` as text without invisible characters, NFC, stripped. Line breaks
    become ``\\n`` (kept when ``multiline``, else a space, as are tabs)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():
        return text.strip()  # the usual case, without any work
    if (
        _ODD.search(text) is None
        and (multiline or not _BLANKS.search(text))
        and unicodedata.is_normalized("NFC", text)
    ):
        return text.strip()  # Chinese text as typed: one scan, nothing to change
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    if not multiline:
        text = _BLANKS.sub(" ", text)
    return unicodedata.normalize("NFC", text).strip()


def clean_line(value: object) -> str:
    """:func:`clean_text` for one-line fields (names, numbers, sizes)."""
    return clean_text(value, multiline=False)


def fold_digits(text: str) -> str:
    """NFKC, then every Unicode decimal digit as its ASCII digit (``١٣٨`` → ``138``)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text
    )


def clean_code(value: object) -> str:
    """An identifier or number as typed: one line, invisible characters removed,
    look-alike digits and full-width letters folded (member numbers, phones, amounts,
    dates)."""
    return fold_digits(clean_line(value))
