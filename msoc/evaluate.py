"""Quality of enrichment: sections, topics, places and same-story clustering, with the figures
`msoc eval` prints and tests/nlp/test_quality.py pins.

It sits above msoc.nlp and msoc.report: the sample report is read through the report importer.

(a) held out (msoc.nlp.heldout): sections by time (thaigov, train older / test newer) and by
    outlet (the hand-labelled news set), the sample report's rows as a test, places on news,
(b) ThaiNER 1.5 gold LOCATION spans mapped to a province or country,
(c) thaigov same-title pairs (re-posts ≥ 0.9 similar are one story, < 0.5 are different),
(d) the thaigov topic sample (train/test split): does the model learn Thai news topics at all.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from msoc.gazetteer import Gazetteer, default_gazetteer
from msoc.nlp import classify as cl
from msoc.nlp.dedup import Doc, cluster, same_story
from msoc.nlp.heldout import prf
from msoc.nlp.places import locate
from msoc.nlp.topics import TopicTagger, default_tagger
from msoc.report.importer import parse_report_file

REPORT_SECTIONS = ("social", "politics", "ministry", "foreign")
SAMPLE_REPORT = (
    Path(__file__).resolve().parent / "data" / "demo" / "msoc-daily-report-2566-05-03.txt"
)


@dataclass(frozen=True)
class SampleRow:
    """One labelled row of the sample report."""

    section: str
    place: str
    summary: str
    published_at: datetime | None
    topics: tuple[str, ...]


def sample_rows(path: Path = SAMPLE_REPORT) -> list[SampleRow]:
    """The sample's news rows via the report importer, with topics labelled for msoc."""
    topics = {e.text: e.topics for e in _sample_topic_examples()}
    rows = parse_report_file(path).report.news
    return [
        SampleRow(r.section, r.place, r.summary, r.published_at, topics.get(r.summary, ()))
        for r in rows
    ]


def _sample_topic_examples() -> list[cl.Example]:
    rows = cl._read_rows(cl.DATA_DIR / "sample_sections.tsv")
    return [
        cl.Example(r["summary"], r["section"], tuple((r.get("topics") or "").split())) for r in rows
    ]


# --- (a) the sample -------------------------------------------------------------------------


def places_sample(rows: Sequence[SampleRow], gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """Place from the bare headline against the printed place: right, wrong, unknown."""
    g = gazetteer or default_gazetteer()
    right = wrong = unknown = 0
    for row in rows:
        guess = locate(row.summary, gazetteer=g)
        if guess.place is None:
            unknown += 1
        elif guess.place == g.resolve(row.place):
            right += 1
        else:
            wrong += 1
    n = len(rows)
    answered = right + wrong
    return {
        "n": n,
        "right": right,
        "wrong": wrong,
        "unknown": unknown,
        "accuracy": round(right / n, 3),
        "precision_when_answered": round(right / answered, 3) if answered else 0.0,
        "unknown_rate": round(unknown / n, 3),
    }


def topics_sample(rows: Sequence[SampleRow], tagger: TopicTagger | None = None) -> dict[str, Any]:
    """Per-topic P/R/F1 of the lexicon on the sample (topics labelled for msoc)."""
    tagger = tagger or default_tagger()
    predicted = tagger.tag([r.summary for r in rows])
    per: dict[str, Any] = {}
    for topic in tagger.topics:
        gold = ["y" if topic.key in r.topics else "n" for r in rows]
        pred = ["y" if topic.key in p else "n" for p in predicted]
        if "y" in gold or "y" in pred:
            per[topic.key] = prf(gold, pred, ["y"])["per_label"]["y"]
    tp = sum(len(set(r.topics) & set(p)) for r, p in zip(rows, predicted, strict=True))
    fp = sum(len(set(p) - set(r.topics)) for r, p in zip(rows, predicted, strict=True))
    fn = sum(len(set(r.topics) - set(p)) for r, p in zip(rows, predicted, strict=True))
    micro = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"per_topic": per, "micro_f1": round(micro, 3)}


def dedup_sample(rows: Sequence[SampleRow]) -> dict[str, Any]:
    """Which sample rows cluster together (the Vishnu pair should, nothing else)."""
    docs = [Doc(str(i), r.summary, published_at=r.published_at) for i, r in enumerate(rows)]
    keys = cluster(docs)
    groups: dict[str, list[str]] = {}
    for key, row in zip(keys, rows, strict=True):
        groups.setdefault(key, []).append(row.summary)
    merged = [g for g in groups.values() if len(g) > 1]
    return {"clusters": len(groups), "merged": merged}


# --- (b) ThaiNER places ---------------------------------------------------------------------


def thainer_gold(
    paths: Sequence[Path], gazetteer: Gazetteer | None = None
) -> list[tuple[str, str]]:
    """(sentence, canonical place) where the LOCATION spans name exactly one province/country."""
    g = gazetteer or default_gazetteer()
    gold = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            spans = [e["text"] for e in record["entities"] if e["label"] == "LOCATION"]
            places = {p for p in (g.resolve(s) for s in spans) if p is not None}
            if len(places) == 1:
                gold.append((record["text"], places.pop().name))
    return gold


def places_gold(
    gold: Sequence[tuple[str, str]], gazetteer: Gazetteer | None = None
) -> dict[str, Any]:
    """Exact canonical match of the located place against a gold set."""
    g = gazetteer or default_gazetteer()
    misses = []
    right = 0
    for text, place in gold:
        guess = locate(text, gazetteer=g)
        if guess.name == place:
            right += 1
        else:
            misses.append(f"{place} ≠ {guess.name}: {text[:70]}")
    return {
        "n": len(gold),
        "accuracy": round(right / len(gold), 4) if gold else 0.0,
        "misses": misses[:20],
    }


# --- (c) thaigov same-title pairs -----------------------------------------------------------


def dedup_pairs(path: Path) -> dict[str, Any]:
    """P/R/F1 of `same_story` on re-posts (≥ 0.9) against recurring titles (< 0.5)."""
    tp = fp = fn = tn = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            pair = json.loads(line)
            sim = pair["body_sim_difflib_3000"]
            if 0.5 <= sim < 0.9:
                continue
            a = Doc("a", pair["title"], pair["a"]["body"] or "")
            b = Doc("b", pair["title"], pair["b"]["body"] or "")
            predicted, same = same_story(a, b), sim >= 0.9
            tp += predicted and same
            fp += predicted and not same
            fn += same and not predicted
            tn += not predicted and not same
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": tp + fp + fn + tn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


# --- (d) thaigov topics ---------------------------------------------------------------------


def thaigov_topics(path: Path, limit: int = 0) -> dict[str, Any]:
    """Train the section model's architecture on thaigov titles by topic; test on 30 %."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    rows = [r for r in rows if r.get("topic") and r.get("title")]
    random.Random(11).shuffle(rows)  # noqa: S311 - a fixed split for evaluation, not a secret
    if limit:
        rows = rows[:limit]
    cut = int(len(rows) * 0.7)
    train_rows, test_rows = rows[:cut], rows[cut:]
    labels = sorted({r["topic"] for r in rows})
    model = _fit_any(train_rows, labels)
    pred = model([r["title"] for r in test_rows])
    result = prf([r["topic"] for r in test_rows], pred, labels)
    result.update({"train": len(train_rows), "test": len(test_rows)})
    return result


def _fit_any(
    rows: Sequence[dict[str, Any]], labels: Sequence[str]
) -> Callable[[Sequence[str]], list[str]]:
    """The section model's features and classifier, fitted on arbitrary labels."""
    from msoc.nlp.segment import fold_for_match

    pipeline = cl.build_pipeline()
    pipeline.fit([fold_for_match(r["title"]) for r in rows], [r["topic"] for r in rows])
    return lambda texts: list(pipeline.predict([fold_for_match(t) for t in texts]))


# --- everything -------------------------------------------------------------------------------


def evaluate_all(shared: Path | None, sample: Path = SAMPLE_REPORT) -> dict[str, Any]:
    """Every evaluation this machine has the data for (shared: ../shared, or None)."""
    from msoc.nlp.heldout import evaluate_heldout

    rows = sample_rows(sample)
    result: dict[str, Any] = {
        **evaluate_heldout(),
        "sample_places_headline": places_sample(rows),
        "sample_topics": topics_sample(rows),
        "sample_dedup": dedup_sample(rows),
    }
    if shared is not None and shared.exists():
        ner = shared / "data" / "thainer_1.5"
        result["thainer_places"] = places_gold(
            thainer_gold([ner / "test.jsonl", ner / "val.jsonl"])
        )
        gov = shared / "data" / "thaigov_v2"
        result["thaigov_pairs"] = dedup_pairs(gov / "thaigov_v2_same_title_pairs.jsonl.gz")
        result["thaigov_topics"] = thaigov_topics(gov / "thaigov_v2_topic_sample.jsonl.gz")
    return result


def format_report(result: dict[str, Any]) -> str:
    """The evaluation as readable text (what `msoc eval` prints)."""
    from msoc.nlp.heldout import summary_lines

    lines = summary_lines(result)
    for name, value in result.items():
        lines.append(f"== {name}")
        for key, item in value.items():
            if key == "per_label" or key == "per_topic":
                for label, scores in item.items():
                    lines.append(
                        f"   {label:<18} P {scores['precision']:.3f}  R {scores['recall']:.3f}  "
                        f"F1 {scores['f1']:.3f}  (n={scores['support']})"
                    )
            elif isinstance(item, list):
                lines.append(f"   {key}: {len(item)}")
                lines.extend(f"     - {entry}" for entry in item[:10])
            else:
                lines.append(f"   {key}: {item}")
    return "\n".join(lines)


def merged_pairs(keys: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs that share a story key."""
    return [(i, j) for i, j in combinations(range(len(keys)), 2) if keys[i] == keys[j]]
