"""Watch topics (multi-label): an editable Thai lexicon per topic, plus a model where labels exist.

The lexicon (msoc/data/nlp/topics.tsv, or a copy the staff edit) is the transparent part: a
topic is tagged when one of its terms occurs. Reviewed items train a one-vs-rest model that adds
topics the lexicon misses, for topics with enough labelled examples.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from msoc.gazetteer import trie_pattern
from msoc.nlp.segment import fold_for_match

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "nlp" / "topics.tsv"
MIN_POSITIVES = 5  # fewer labelled examples than this: the lexicon alone decides


@dataclass(frozen=True)
class Topic:
    """One watch topic: key, Thai name, readable definition and its lexicon terms."""

    key: str
    name_th: str
    definition: str
    terms: tuple[str, ...]


def load_topics(path: Path = DEFAULT_LEXICON) -> list[Topic]:
    """Read the topic table; a malformed row raises an error naming the row."""
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    topics = []
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        if not row.get("key") or not row.get("lexicon"):
            raise ValueError(f"{path}: topic row {n} needs a key and a lexicon")
        terms = tuple(t.strip() for t in split_terms(row["lexicon"]) if t.strip())
        for term in terms:
            if term.startswith("~"):
                try:
                    re.compile(term[1:])
                except re.error as exc:
                    raise ValueError(
                        f"{path}: topic {row['key']!r}: bad pattern {term!r}: {exc}"
                    ) from exc
        topics.append(Topic(row["key"], row["name_th"], row["definition"], terms))
    return topics


def topic_names(path: Path = DEFAULT_LEXICON) -> dict[str, str]:
    """Topic key → Thai name."""
    return {t.key: t.name_th for t in load_topics(path)}


def split_terms(lexicon: str) -> list[str]:
    """Split a lexicon on | outside parentheses (a ~pattern may hold its own alternation)."""
    terms: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in lexicon:
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            terms.append("".join(current))
            current = []
        else:
            current.append(ch)
    terms.append("".join(current))
    return terms


def _compile(terms: Sequence[str]) -> re.Pattern[str]:
    """One alternation for a topic: plain terms escaped (longest first), ~terms as regexes."""
    plain = [p for p in (fold_for_match(t).strip() for t in terms if not t.startswith("~")) if p]
    parts = ([trie_pattern(plain)] if plain else []) + [t[1:] for t in terms if t.startswith("~")]
    return re.compile("|".join(parts))


class TopicTagger:
    """Tags texts with watch topics from the lexicon and, where trained, a per-topic model."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = list(topics)
        self.patterns = {t.key: _compile(t.terms) for t in self.topics}
        # One trie over every plain term of every topic (one pass), and the ~patterns apart.
        self._term_topics: dict[str, set[str]] = {}
        # The ~patterns as one alternation without named groups (named groups stop the regex
        # engine's quick first-character tests: 1.7× slower); which one matched is found after,
        # as the first pattern that matches where the alternation did (the branch it chose).
        self._regex_parts: list[tuple[re.Pattern[str], str]] = []
        for topic in self.topics:
            for term in topic.terms:
                if term.startswith("~"):
                    self._regex_parts.append((re.compile(term[1:]), topic.key))
                elif fold_for_match(term).strip():
                    self._term_topics.setdefault(fold_for_match(term).strip(), set()).add(topic.key)
        self._plain = re.compile(trie_pattern(self._term_topics))
        self._regex = (
            re.compile("|".join(f"(?:{p.pattern})" for p, _ in self._regex_parts))
            if self._regex_parts
            else None
        )
        self.models: dict[str, tuple[TfidfVectorizer, LogisticRegression]] = {}

    def lexicon_hits(self, text: str) -> dict[str, list[str]]:
        """Topic key -> the lexicon terms found in the text."""
        return self._folded_hits(fold_for_match(text))

    def _folded_hits(self, folded: str) -> dict[str, list[str]]:
        """lexicon_hits of a text already folded (tag folds each text once for both passes)."""
        found: dict[str, set[str]] = {}
        for m in self._plain.finditer(folded):
            for key in self._term_topics[m.group(0)]:
                found.setdefault(key, set()).add(m.group(0))
        if self._regex is not None:
            for m in self._regex.finditer(folded):
                key = next(k for p, k in self._regex_parts if p.match(folded, m.start()))
                found.setdefault(key, set()).add(m.group(0))
        return {key: sorted(hits) for key, hits in found.items()}

    def tag(self, texts: Sequence[str]) -> list[list[str]]:
        """Topic keys per text, in the order of the topic table."""
        folded = [fold_for_match(t) for t in texts]
        extra = self._model_tags(folded)
        order = [t.key for t in self.topics]
        out = []
        for i, text in enumerate(folded):
            keys = set(self._folded_hits(text)) | extra[i]
            out.append([k for k in order if k in keys])
        return out

    def _model_tags(self, folded: Sequence[str]) -> list[set[str]]:
        tags: list[set[str]] = [set() for _ in folded]
        if not folded:
            return tags
        for key, (vectorizer, model) in self.models.items():
            proba = model.predict_proba(vectorizer.transform(folded))[:, 1]
            for i, p in enumerate(proba):
                if p >= 0.5:
                    tags[i].add(key)
        return tags

    def fit(self, examples: Iterable[tuple[str, Sequence[str]]]) -> TopicTagger:
        """Train per-topic models on (text, topic keys) pairs for topics with enough positives."""
        rows = [(fold_for_match(t), set(keys)) for t, keys in examples if t.strip()]
        self.models = {}
        for topic in self.topics:
            labels = [topic.key in keys for _, keys in rows]
            if sum(labels) < MIN_POSITIVES or sum(labels) == len(labels):
                continue
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
            matrix = vectorizer.fit_transform([t for t, _ in rows])
            model = LogisticRegression(max_iter=1000, class_weight="balanced").fit(matrix, labels)
            self.models[topic.key] = (vectorizer, model)
        return self


_TAGGERS: dict[Path, TopicTagger] = {}


def default_tagger(path: Path = DEFAULT_LEXICON) -> TopicTagger:
    """The lexicon tagger for a topic table (built once per path)."""
    if path not in _TAGGERS:
        _TAGGERS[path] = TopicTagger(load_topics(path))
    return _TAGGERS[path]
