"""Text: Latin letters inside Thai words, doubled letters and words, misspellings, mistyped
abbreviations, and a figure that differs between a ๕.๑ headline and its news row."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from msoc.nlp.dedup import Doc, similarity
from msoc.nlp.segment import tokenize
from msoc.report.lint.finding import Context, Finding, Passage, news_passages, passages
from msoc.report.lint.numbers import numbers_in
from msoc.report.lint.reference import (
    AGENCY_ABBREVIATIONS,
    COMMON_MISSPELLINGS,
    MINISTRY_ABBREVIATIONS,
    PERSON_TITLES,
)

_THAI_RUN = re.compile(r"[ก-๛]+(?:[.ฯ][ก-๛]+)*\.?")
_LATIN_IN_THAI = re.compile(r"[ก-ฮะ-ฺเ-์]+[A-Za-z]+[ก-๛A-Za-z]*|[A-Za-z]+[ะ-ฺ็-์][ก-๛A-Za-z]*")
_WORD = re.compile(r"[ก-ฮะ-ฺเ-ๅ็-๎]+")  # Thai letters without ฯ and ๆ
_PERSON = re.compile(r"(?:นางสาว|นาย|นาง|คุณ)\s?[ก-๛]{2,}(?:\s+[ก-๛]{2,})?")
_MIN_WINDOW = 4  # characters: shorter joins are too often names or particles
_REPEATABLE = frozenset({"ล้าน"})  # ล้านล้าน (a million million) is a number, not a slip


def _f(rule: str, p: Passage, found: str, fix: str, severity: str = "warning") -> Finding:
    return Finding(rule, severity, p.section, p.location, found, fix, "text")  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    """PyThaiNLP's Thai word list (shipped with the package, offline)."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=1)
def _deletes() -> dict[str, list[str]]:
    """Each dictionary word under every form with one letter deleted (edit-distance-1 index)."""
    index: dict[str, list[str]] = defaultdict(list)
    for word in words():
        if len(word) < _MIN_WINDOW or not re.fullmatch(r"[ก-๛]+", word):
            continue
        index[word].append(word)
        for i in range(len(word)):
            index[word[:i] + word[i + 1 :]].append(word)
    return index


def near_word(text: str) -> str | None:
    """A single dictionary word one edit from text (None when none or several)."""
    index = _deletes()
    found = set(index.get(text, ()))
    for i in range(len(text)):
        found.update(index.get(text[:i] + text[i + 1 :], ()))
    found = {w for w in found if abs(len(w) - len(text)) <= 1 and w != text}
    return found.pop() if len(found) == 1 else None


def latin_inside(p: Passage) -> Iterator[Finding]:
    """Latin letters typed inside a Thai word (a slip of the keyboard layout)."""
    for m in _LATIN_IN_THAI.finditer(p.text):
        yield _f(
            "text.latin_in_thai",
            p,
            f"คำ {m.group(0)!r} มีอักษรโรมันปนในคำภาษาไทย",
            "พิมพ์คำนี้ใหม่เป็นอักษรไทยทั้งคำ",
            "error",
        )


def misspellings(p: Passage) -> Iterator[Finding]:
    """Known misspellings, and words one edit from a dictionary word where the text is not one."""
    for wrong, right in COMMON_MISSPELLINGS.items():
        if re.search(rf"{wrong}(?![ะ-ฺ็-๎])", p.text):
            yield _f("text.misspelling", p, f"{wrong!r} สะกดผิด", f"เขียนเป็น {right!r}")
    vocabulary = words()
    for run in _THAI_RUN.findall(_PERSON.sub(" ", p.text)):
        tokens = tokenize(run)
        yield from _token_checks(p, tokens, vocabulary)


def _token_checks(p: Passage, tokens: list[str], vocabulary: frozenset[str]) -> Iterator[Finding]:
    i = 0
    while i < len(tokens):
        hit = _window(tokens, i, vocabulary)
        if hit is None:
            i += 1
            continue
        size, written, rule, fix = hit
        if written not in COMMON_MISSPELLINGS:
            yield _f(rule, p, f"{written!r} ไม่ใช่คำที่รู้จัก", fix)
        i += size


def _window(
    tokens: list[str], i: int, vocabulary: frozenset[str]
) -> tuple[int, str, str, str] | None:
    """A misspelt word of 2-3 tokens starting at i, joined by a slip the dictionary explains."""
    for size in (2, 3):
        part = tokens[i : i + size]
        if len(part) < size or not all(_WORD.fullmatch(t) for t in part):
            return None
        joined = "".join(part)
        if len(joined) < _MIN_WINDOW or joined in vocabulary:
            continue
        for k in range(1, len(joined)):
            if joined[k] == joined[k - 1] and "ก" <= joined[k] <= "ฮ":
                single = joined[:k] + joined[k + 1 :]
                if _all_words(single, vocabulary) and len(tokenize(single)) < size:
                    return (
                        size,
                        joined,
                        "text.doubled_char",
                        f"อักษร {joined[k]!r} ซ้ำ เขียนเป็น {single!r}",
                    )
        if all(t in vocabulary for t in part):
            continue
        near = near_word(joined)
        if near is not None and len(joined) >= 5:
            return size, joined, "text.misspelling", f"หรือหมายถึง {near!r}"
    return None


def _all_words(text: str, vocabulary: frozenset[str]) -> bool:
    tokens = tokenize(text)
    return all(t in vocabulary and len(t) >= 2 for t in tokens)


def doubled_words(p: Passage) -> Iterator[Finding]:
    """The same word typed twice in a row (Thai repeats a word with ๆ)."""
    for run in _THAI_RUN.findall(p.text):
        tokens = tokenize(run)
        for a, b in zip(tokens, tokens[1:], strict=False):
            if a == b and len(a) >= 2 and a in words() and a not in _REPEATABLE:
                yield _f("text.doubled_word", p, f"คำ {a!r} ซ้ำติดกัน", f"ลบคำที่ซ้ำ หรือเขียน '{a}ๆ'")


def abbreviations(p: Passage) -> Iterator[Finding]:
    """Dotted abbreviations one letter off a known one, and titles not followed by a name."""
    vocabulary = words()
    known = [w for w in vocabulary if w.endswith(".") and 2 <= len(w) <= 6]
    for m in re.finditer(r"(?<![ก-๛.])([ก-ฮ]{2,4}\.)(?![ก-๛]\.)", p.text):
        abbr = m.group(1)
        if (
            abbr in vocabulary
            or abbr in MINISTRY_ABBREVIATIONS
            or abbr[1:] in MINISTRY_ABBREVIATIONS
        ):
            continue
        near = [
            k
            for k in known
            if len(k) == len(abbr) and sum(a != b for a, b in zip(k, abbr, strict=True)) == 1
        ]
        if len(near) == 1:
            yield _f(
                "text.abbreviation", p, f"อักษรย่อ {abbr!r} ไม่ใช่อักษรย่อที่รู้จัก", f"หรือหมายถึง {near[0]!r}"
            )
    for title in PERSON_TITLES:
        for m in re.finditer(rf"(?:^|\s){re.escape(title)}\s*([ก-๛]+)", p.text):
            first = tokenize(m.group(1))[0]
            if first in vocabulary and len(first) >= 2 and p.kind in ("news", "headline"):
                agency = [
                    a
                    for a in AGENCY_ABBREVIATIONS
                    if sum(x != y for x, y in zip(a, title, strict=False)) == 1
                    and len(a) == len(title)
                ]
                fix = f"หรือหมายถึง {agency[0]!r}" if agency else "ตามด้วยชื่อบุคคล"
                yield _f("text.abbreviation", p, f"{title!r} ตามด้วย {first!r} ไม่ใช่ชื่อบุคคล", fix)


def headline_figures(ctx: Context) -> Iterator[Finding]:
    """A ๕.๑ headline copied from a news row carries the same figures and words."""
    rows = [
        (passage, Doc(passage.location, passage.text))
        for _, _, passage in news_passages(ctx.report)
    ]
    if not rows:
        return
    for p in passages(ctx.report):
        if p.kind != "headline":
            continue
        doc = Doc("h", p.text)
        best, score = max(((r, similarity(doc, d)) for r, d in rows), key=lambda x: x[1])
        if score < 0.5 or _plain(best.text) == _plain(p.text):
            continue
        mine = {x.value for x in numbers_in(p.text)}
        theirs = {x.value for x in numbers_in(best.text)}
        if mine != theirs:
            yield Finding(
                "text.figure_mismatch",
                "error",
                p.section,
                p.location,
                f"ตัวเลขต่างจากข่าว {best.section} {best.location}",
                "ใช้ตัวเลขเดียวกันทั้งสองแห่ง",
                "text",
            )
            continue
        diff = sorted(set(tokenize(_plain(p.text))) ^ set(tokenize(_plain(best.text))))
        if diff:
            yield _f(
                "text.copy_mismatch",
                p,
                f"เขียนต่างจากข่าว {best.section} {best.location}: {' '.join(diff)[:60]}",
                "ตรวจการสะกดทั้งสองแห่งให้ตรงกัน",
            )


def _plain(text: str) -> str:
    return re.sub(r"[\s.“”\"']+", "", text)


def check(ctx: Context) -> Iterator[Finding]:
    """All text rules over a report."""
    for p in passages(ctx.report):
        yield from passage_findings(p)
    yield from headline_figures(ctx)


@lru_cache(maxsize=4096)
def passage_findings(p: Passage) -> tuple[Finding, ...]:
    """The text findings of one passage (cached: drafts are linted again and again)."""
    return (*latin_inside(p), *misspellings(p), *doubled_words(p), *abbreviations(p))
