"""The enrichment batch: section, topics, place, same story, summary and DTG for news items.

`enrich_batch` is what `msoc enrich` and the ingestion pipeline both call. Bad items get a
per-item `error` (empty or English-only title, missing id) and never stop the batch; repairs
(control characters removed, an oversized body cut) are listed in `notes`.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from msoc.gazetteer import Gazetteer, default_gazetteer
from msoc.nlp import classify as classify_mod
from msoc.nlp.classify import SectionModel
from msoc.nlp.dedup import Doc, PackedPrepared, Prepared, cluster
from msoc.nlp.dedup import prepare as prepare_doc
from msoc.nlp.desks import decide, stated_section
from msoc.nlp.places import locate
from msoc.nlp.segment import clean_headline, clean_text, has_control_chars, has_thai
from msoc.nlp.topics import TopicTagger, default_tagger
from msoc.thai import BANGKOK, format_dtg

MAX_BODY = 100_000  # characters kept of a body; a longer one is cut (and noted)
MAX_TITLE = 1_000
LEAD_CHARS = 400  # the lead: description, or the opening of the body
SECTION_LEAD = 160  # the model was trained on headlines: give it the headline and a short lead
TOPIC_CHARS = 1_500


@dataclass
class Enricher:
    """The models and tables one enrichment run uses (load once, reuse for every batch)."""

    model: SectionModel | None = None
    tagger: TopicTagger | None = None
    gazetteer: Gazetteer | None = None

    @classmethod
    def load(cls, model_path: Path | None = None, topics_path: Path | None = None) -> Enricher:
        """Load the stored section model (or train the shipped one) and the topic lexicon."""
        tagger = default_tagger(topics_path) if topics_path else default_tagger()
        return cls(classify_mod.load_or_train(model_path), tagger, default_gazetteer())


def parse_published(value: Any) -> datetime | None:
    """An aware datetime from an ISO 8601 string (naive means Bangkok time); None if absent."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"published_at must be an ISO 8601 string, got {type(value).__name__}")
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"published_at is not an ISO 8601 date-time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


def _text_field(item: Mapping[str, Any], name: str, notes: list[str]) -> str:
    """A string field, cleaned; control characters are removed and noted."""
    value = item.get(name) or ""
    if value == "":
        return ""  # most optional fields are absent: skip the cleaning passes
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {type(value).__name__}")
    if has_control_chars(value):
        notes.append(f"{name}: ลบอักขระควบคุม (control characters) ออกแล้ว")
    return clean_text(value)


def _prepare(item: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Validated, cleaned fields of one item, or an error message naming the reason."""
    notes: list[str] = []
    if not isinstance(item, Mapping):
        return {}, "item is not a JSON object"
    if item.get("id") in (None, ""):
        return {}, "missing id"
    try:
        title = _text_field(item, "title", notes)
        description = _text_field(item, "description", notes)
        raw_body = item.get("body") or ""
        if isinstance(raw_body, str) and len(raw_body) > MAX_BODY:
            notes.append(f"body: ยาว {len(raw_body):,} อักษร ตัดเหลือ {MAX_BODY:,}")
            raw_body = raw_body[:MAX_BODY]
        body = _text_field({"body": raw_body}, "body", notes)
        published = parse_published(item.get("published_at"))
        stated = stated_section(
            _text_field(item, "desk", notes),
            _text_field(item, "page_section", notes),
            _text_field(item, "page_section_from", notes),
            _text_field(item, "source", notes),
        )
    except ValueError as exc:
        return {}, str(exc)
    if not title:
        return {}, "title is empty"
    if not has_thai(title):
        return {}, "title has no Thai text (English-only titles are not enriched)"
    if len(title) > MAX_TITLE:
        notes.append(f"title: ยาว {len(title):,} อักษร ตัดเหลือ {MAX_TITLE:,}")
        title = title[:MAX_TITLE]
    lead = description or body[:LEAD_CHARS]
    return {
        "title": title,
        "lead": lead,
        "body": body,
        "published": published,
        "stated": stated,
        "notes": notes,
    }, None


def enrich_batch(
    items: Sequence[Mapping[str, Any]], enricher: Enricher | None = None, workers: int = 1
) -> list[dict[str, Any]]:
    """Each item back with section, section_confidence, section_signal, topics, place,
    place_kind, place_printed, story, summary, dtg (or an `error`), in input order.

    An item may say what its outlet states: `desk` (the feed's desk), `page_section` and
    `page_section_from` (meta, jsonld, breadcrumb, url) and `source` (the outlet's name).

    With workers > 1 and a large batch, the per-item work runs in forked processes; the
    same-story clustering always runs here, over the whole batch.
    """
    global _WORKER_ENRICHER, _WORKER_ITEMS
    enricher = enricher or Enricher.load()
    if workers > 1 and len(items) >= PARALLEL_MIN:
        # The forked workers inherit the items: they get index ranges, not pickled copies.
        _WORKER_ENRICHER, _WORKER_ITEMS = enricher, items
        # Many small ranges, so that a worker slowed by other load does not leave the other idle
        # at the end waiting for its last large range (results are packed: a range costs little).
        size = max(CHUNK_MIN, -(-len(items) // (workers * 16)))
        ranges = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_analyse_range, ranges)
        finally:
            _WORKER_ITEMS = ()
        # Workers send back only what they added; the items themselves (bodies) stay here.
        added = [row for rows, _ in parts for row in rows]
        preps = [prep for _, packed in parts for prep in packed.unpack()]
        analysed = [
            (_merged(item, row), prep) for item, row, prep in zip(items, added, preps, strict=True)
        ]
    else:
        analysed = _analyse(items, enricher)
    ok = [i for i, (_, prep) in enumerate(analysed) if prep is not None]
    docs = [Doc(str(items[i]["id"]), "", published_at=analysed[i][0].pop("_published")) for i in ok]
    stories = cluster(docs, prepared=[analysed[i][1] for i in ok])  # type: ignore[misc]
    for n, i in enumerate(ok):
        analysed[i][0]["story"] = stories[n]
    return [row for row, _ in analysed]


PARALLEL_MIN = 1_000
CHUNK_MIN = 250
_WORKER_ENRICHER: Enricher | None = None
_WORKER_ITEMS: Sequence[Mapping[str, Any]] = ()


def _analyse_range(bounds: tuple[int, int]) -> tuple[list[dict[str, Any]], PackedPrepared]:
    """Worker entry point: the enricher and the items were inherited through fork; the
    shingles go back packed into a few arrays (cheaper to pickle than four arrays an item)."""
    assert _WORKER_ENRICHER is not None
    start, end = bounds
    rows = _additions(_WORKER_ITEMS[start:end], _WORKER_ENRICHER)
    return [added for added, _ in rows], PackedPrepared.pack([prep for _, prep in rows])


def _merged(item: Any, added: dict[str, Any]) -> dict[str, Any]:
    """The item (a copy) with the fields enrichment added."""
    row = dict(item) if isinstance(item, Mapping) else {"item": item}
    row.update(added)
    return row


def _analyse(
    items: Sequence[Mapping[str, Any]], enricher: Enricher
) -> list[tuple[dict[str, Any], Prepared | None]]:
    """Per-item enrichment (everything but the story) and the item's dedup shingles."""
    return [
        (_merged(item, added), prep)
        for item, (added, prep) in zip(items, _additions(items, enricher), strict=True)
    ]


def _additions(
    items: Sequence[Mapping[str, Any]], enricher: Enricher
) -> list[tuple[dict[str, Any], Prepared | None]]:
    """The fields enrichment adds to each item (everything but the story) and its shingles."""
    gazetteer = enricher.gazetteer or default_gazetteer()
    tagger = enricher.tagger or default_tagger()
    prepared = [_prepare(item) for item in items]
    ok = [i for i, (_, error) in enumerate(prepared) if error is None]
    fields = [prepared[i][0] for i in ok]
    places = [locate(f["title"], f["lead"], f["body"], gazetteer) for f in fields]
    heads = [f"{f['title']} {f['lead'][:SECTION_LEAD]}" for f in fields]
    sections = classify_mod.classify(heads, places, enricher.model)
    topics = tagger.tag([f"{f['title']} {f['lead']} {f['body'][:TOPIC_CHARS]}" for f in fields])
    out: list[tuple[dict[str, Any], Prepared | None]] = [({}, None) for _ in items]
    for i, (_, error) in enumerate(prepared):
        if error is not None:
            out[i][0]["error"] = error
    for n, i in enumerate(ok):
        f, place, guess = fields[n], places[n], sections[n]
        section, confidence, signal = decide(
            guess.section, guess.confidence, guess.signal, f["stated"]
        )
        row = out[i][0]
        row.update(
            {
                "section": section,
                "section_confidence": confidence,
                "section_signal": signal,
                "section_reasons": list(guess.reasons),
                "topics": topics[n],
                "place": place.name,
                "place_kind": place.place.kind if place.place else None,
                "place_printed": place.place.printed if place.place else None,
                "place_confidence": place.confidence,
                "story": None,
                "summary": clean_headline(f["title"]),
                "dtg": format_dtg(f["published"]) if f["published"] else None,
                "_published": f["published"],
            }
        )
        if f["notes"]:
            row["notes"] = f["notes"]
        out[i] = (row, prepare_doc(Doc("", f["title"], f["body"] or f["lead"])))
    return out


def read_jsonl(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Items from JSON lines; a line that is not a JSON object becomes an item with an error."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"line": number, "error": f"invalid JSON on line {number}: {exc.msg}"}
            continue
        if not isinstance(value, dict):
            yield {"line": number, "error": f"line {number} is not a JSON object"}
            continue
        yield value


def enrich_lines(
    lines: Iterable[str], enricher: Enricher | None = None, batch: int = 100_000, workers: int = 1
) -> Iterator[dict[str, Any]]:
    """Enrich JSON lines in batches (stories are found within a batch); unreadable lines pass
    through with their error."""
    enricher = enricher or Enricher.load()
    pending: list[dict[str, Any]] = []
    for item in read_jsonl(lines):
        pending.append(item)
        if len(pending) >= batch:
            yield from _enrich_readable(pending, enricher, workers)
            pending = []
    if pending:
        yield from _enrich_readable(pending, enricher, workers)


def _enrich_readable(
    items: list[dict[str, Any]], enricher: Enricher, workers: int
) -> list[dict[str, Any]]:
    """Enrich the items that were read; pass unreadable lines (no id, an error) through."""
    readable = [i for i, item in enumerate(items) if "error" not in item or "id" in item]
    enriched = enrich_batch([items[i] for i in readable], enricher, workers=workers)
    out = list(items)
    for i, item in zip(readable, enriched, strict=True):
        out[i] = item
    return out
