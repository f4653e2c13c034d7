"""Thai word segmentation (newmm) and the clean-up of news text and headlines.

Segmentation uses the Rust newmm of `nlpo3` with PyThaiNLP's word list, loaded once per
process; where nlpo3 is missing it falls back to PyThaiNLP's own newmm (same tokens, slower).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from msoc.thai import fix_vowel_order, to_arabic_digits

_DICT_NAME = "msoc_newmm"
# Control characters other than tab and newline are never content.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same clean-up as msoc.thai.normalize_text, as regexes (str.translate is slow on Thai text).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# The spaces other than a plain one: without them and without "  " _SPACES changes nothing.
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_REPEATED_MARK = re.compile(r"([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\1+")
_FOLD_PUNCT = re.compile(r"[\"'“”‘’«»()\[\]{}|!?,:;…]+")
_HAS_THAI = re.compile(r"[\u0e01-\u0e5b]")
_REPEATED_PUNCT = re.compile(r"([!?.…~*=_\-])\1{2,}")
_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]")
# Outlet names and decorations that headlines carry and the report's summaries do not.
_OUTLET_SUFFIX = re.compile(
    r"\s*(?:[|｜\-–—:]\s*)?(?:ไทยรัฐ\s*ออนไลน์|ไทยรัฐ|มติชน(?:ออนไลน์)?|ข่าวสด|เดลินิวส์|"
    r"แนวหน้า|ผู้จัดการ(?:ออนไลน์)?|สยามรัฐ|กรุงเทพธุรกิจ|โพสต์ทูเดย์|ไทยโพสต์|ประชาชาติธุรกิจ|"
    r"คมชัดลึก|อมรินทร์ทีวี|ช่อง\s*\S+|Thai\s?PBS|ThaiPBS|PPTV\S*|Workpoint\S*|TNN\S*|NBT\S*|"
    r"TOP\s?NEWS|The\s+Standard|BBC\s*(?:Thai|ไทย)?|Sanook|Kapook|MGR\s*Online|Khaosod|"
    r"Matichon|Thairath|Dailynews|Bangkok\s*Post)\s*$",
    re.IGNORECASE,
)
_DECORATION_BODY = r"(?:\[[^\]]{1,30}\]|【[^】]{1,30}】|\([^)]{0,12}(?:คลิป|ภาพ|ด่วน)[^)]{0,12}\))"
_DECORATION = re.compile(rf"^\s*{_DECORATION_BODY}\s*|\s*{_DECORATION_BODY}\s*$")
_LEAD_LABEL = re.compile(r"^\s*(?:ด่วน|ข่าวด่วน|คลิป|ชมคลิป|Breaking|BREAKING|ไฮไลต์)\s*[!:：\-–]+\s*")


@lru_cache(maxsize=1)
def _nlpo3_ready() -> bool:
    """Load PyThaiNLP's word list into nlpo3 once; False when nlpo3 cannot be used."""
    try:
        import nlpo3
        import pythainlp.corpus
    except ImportError:
        return False
    words = Path(pythainlp.corpus.__file__).parent / "words_th.txt"
    try:
        _message, ok = nlpo3.load_dict(str(words), _DICT_NAME)
    except Exception:  # noqa: BLE001 - any failure to load means: use the Python newmm
        return False
    return bool(ok)


def tokenize(text: str) -> list[str]:
    """newmm word tokens of `text` without whitespace tokens."""
    if not text:
        return []
    if _nlpo3_ready():
        import nlpo3

        tokens = nlpo3.segment(text, _DICT_NAME, safe=True)
    else:
        from pythainlp.tokenize import word_tokenize

        tokens = word_tokenize(text, engine="newmm-safe")
    return [t for t in tokens if not t.isspace()]


def segmenter_name() -> str:
    """Which newmm implementation `tokenize` uses here ('nlpo3' or 'pythainlp')."""
    return "nlpo3" if _nlpo3_ready() else "pythainlp"


def clean_text(text: str) -> str:
    """msoc.thai.normalize_text plus control characters removed; regex-only, so fast on bodies."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", text))
    text = fix_vowel_order(text)
    text = _REPEATED_MARK.sub(r"\1", text)
    if "  " in text or _ODD_SPACE.search(text):  # else every match is one " ": skip the rebuild
        text = _SPACES.sub(" ", text)
    return text.strip()


def has_control_chars(text: str) -> bool:
    """True when text holds control characters other than tab, CR and newline."""
    return bool(_CONTROL.search(text))


def has_thai(text: str) -> bool:
    """True when the text holds at least one Thai letter."""
    return bool(_HAS_THAI.search(text))


def clean_headline(title: str) -> str:
    """The headline in the report's style: no outlet suffix, labels, emoji or repeated marks."""
    text = clean_text(title)
    text = _EMOJI.sub("", text)
    previous = None
    while previous != text:  # suffixes, labels and decorations can hide one another
        previous = text
        text = _OUTLET_SUFFIX.sub("", text).rstrip(" |-–—:")
        text = _LEAD_LABEL.sub("", _DECORATION.sub("", text))
    text = _REPEATED_PUNCT.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def fold_for_match(text: str) -> str:
    """A form for comparing texts: Arabic digits, lower-case Latin, quotes and brackets as spaces.

    Expects cleaned text (see clean_text).
    """
    return _FOLD_PUNCT.sub(" ", to_arabic_digits(text).lower())
