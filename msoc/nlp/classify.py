"""The report section of a news item (`social`, `politics`, `ministry`, `foreign` or `none`).

Transparent rules (a foreign place, the ministry's units, elections and parties …) are combined
with a small trained model: TF-IDF over newmm tokens and character n-grams with a logistic
regression. Rules give reasons a reviewer can read; the model covers what no rule names.
"""

from __future__ import annotations

import csv
import pickle
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from msoc.gazetteer import trie_pattern
from msoc.nlp.places import PlaceGuess
from msoc.nlp.segment import fold_for_match, tokenize

SECTIONS = ("social", "politics", "ministry", "foreign", "none")
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "nlp"


# Rule lexicons per section: weight per distinct hit and terms (matched on fold_for_match(text),
# so Arabic digits and lower-case Latin). A term starting with ! must not follow a letter or digit.
RULE_TERMS: dict[str, tuple[float, str]] = {
    "ministry": (
        1.6,
        "!พม.|!พมจ.|!พส.|!ดย.|!ผส.|!พก.|!สค.|!พอช.|!กคช.|!ปพม.|!สป.พม.|กระทรวงการพัฒนาสังคม|"
        "สายด่วน 1300|สายด่วน1300|สายด่วน พม. 1300|สายด่วนพม.1300|สายด่วน พม.1300|oscc|"
        "ศูนย์ช่วยเหลือสังคม|บ้านพักเด็กและครอบครัว|การเคหะแห่งชาติ|สถาบันพัฒนาองค์กรชุมชน|"
        "กรมกิจการผู้สูงอายุ|กรมกิจการเด็กและเยาวชน|กรมกิจการสตรี|"
        "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ|กรมพัฒนาสังคมและสวัสดิการ|ศูนย์คุ้มครองคนไร้ที่พึ่ง",
    ),
    "politics": (
        0.45,
        "กกต|เลือกตั้ง|!ส.ส.|!ส.ว.|!ครม.|!กรม.|คณะรัฐมนตรี|รัฐสภา|สภาผู้แทน|นายกฯ|"
        "นายกรัฐมนตรี|รัฐบาล|!รบ.|พรรค|หาเสียง|ปราศรัย|ผู้สมัคร|นโยบาย|โพล|ฝ่ายค้าน|รัฐมนตรี|"
        "!รมว.|!รมต.|!มท.|กอ.รมน.|!สมช.|กองทัพ|ผบ.ทบ.|ผบ.ทร.|ผบ.ทอ.|ชายแดนใต้|ความมั่นคง|ม็อบ|"
        "ชุมนุม|สันติภาพ|สันติสุข|ยื่นหนังสือ|เรียกร้อง|กระทรวง|ปลัด|!พท.|!พปชร.|!รทสช.|!ภท.|"
        "!ปชป.|!ก.ก.|!ทสท.|ก้าวไกล|เพื่อไทย|ภูมิใจไทย|ประชาธิปัตย์|ประชาติปัตย์|ชาติไทยพัฒนา|"
        "รวมไทยสร้างชาติ|พลังประชารัฐ|ไทยสร้างไทย|เสรีรวมไทย|ชาติพัฒนา|อนาคตใหม่|ประชาชาติ|"
        "ประยุทธ์|ประวิตร|วิษณุ|อนุทิน|ทักษิณ|ทักซิณ|แพทองธาร|อุ๊งอิ๊ง|อึ้งอึ้ง|เศรษฐา|พิธา|ธนาธร|"
        "จุรินทร์|สุดารัตน์|เสรีพิศุทธ์|ทิพานัน|โฆษกรัฐบาล|ทำเนียบรัฐบาล|รัฐประหาร|ประชามติ|"
        "รัฐธรรมนูญ|ป.ป.ช.",
    ),
    "social": (
        0.3,
        "!ตร.|!ดร. จับ|!ดร. สยบ|!ดร. รวบ|ตำรวจ|จับกุม|รวบ|คนร้าย|ฆ่า|ยิง|แทง|ฟัน|ไฟไหม้|"
        "เพลิงไหม้|อุบัติเหตุ|รถชน|ยาเสพติด|ยาบ้า|ข่มขืน|อนาจาร|ทำร้าย|ทะเลาะ|หมายจับ|แจ้งความ|"
        "แจ้งจับ|ศพ|บาดเจ็บ|ไซยาไนด์|ไชยาไนด์|คลั่ง|ตบ|วัยรุ่น|โจร|ฉ้อโกง|หลอก|!นทท.|นักท่องเที่ยว|"
        "!ททท.|น้ำท่วม|!สปสช.|!อย.|ผู้ป่วย|วัคซีน|โรงพยาบาล",
    ),
    "none": (
        0.7,
        "ฟุตบอล|พรีเมียร์ลีก|ไทยลีก|นักเตะ|แข้ง|แมนยู|ลิเวอร์พูล|เชลซี|อาร์เซนอล|วอลเลย์บอล|"
        "แบดมินตัน|เทนนิส|กอล์ฟ|โอลิมปิก|ซีเกมส์|ดารา|นักแสดง|ละคร|ซีรีส์|คอนเสิร์ต|ภาพยนตร์|ศิลปิน|"
        "ไอดอล|นางงาม|มิสยูนิเวิร์ส|หุ้น|ตลาดหลักทรัพย์|!set|ราคาทอง|ค่าเงินบาท|บิทคอยน์|คริปโต|"
        "เลขเด็ด|สลากกินแบ่ง|คอหวย|ราศี|ดวงรายสัปดาห์|โปรโมชั่น|รีวิว|สูตรอาหาร|แฟชั่น|เรตติ้ง",
    ),
}


def _index_rules() -> tuple[dict[str, list[str]], set[str]]:
    """Term -> sections, and the terms that need a word boundary before them."""
    sections: dict[str, list[str]] = {}
    bounded: set[str] = set()
    for section, (_weight, terms) in RULE_TERMS.items():
        for term in terms.split("|"):
            if term.startswith("!"):
                term = term[1:]
                bounded.add(term)
            sections.setdefault(term, []).append(section)
    return sections, bounded


_TERM_SECTIONS, _BOUNDED = _index_rules()
_RULES = re.compile(trie_pattern(_TERM_SECTIONS))
_WORD_CHAR = re.compile(r"[ก-ฮa-z0-9]")


@dataclass(frozen=True)
class Example:
    """One labelled item: headline (and lead) text with its section and, when known, topics."""

    text: str
    section: str
    topics: tuple[str, ...] = ()
    place: str | None = None


@dataclass(frozen=True)
class SectionGuess:
    """A section with a confidence in [0, 1] and the rules that fired."""

    section: str
    confidence: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


class SectionModel:
    """TF-IDF (newmm words + character n-grams) and a logistic regression over sections."""

    def __init__(self, pipeline: Pipeline, trained_on: int) -> None:
        self.pipeline = pipeline
        self.trained_on = trained_on
        self.classes: list[str] = list(pipeline.classes_)

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, columns in `SECTIONS` order (absent classes get zero)."""
        raw = self.pipeline.predict_proba([fold_for_match(t) for t in texts])
        out = np.zeros((len(texts), len(SECTIONS)))
        for j, name in enumerate(self.classes):
            out[:, SECTIONS.index(name)] = raw[:, j]
        return out

    def save(self, path: Path) -> None:
        """Write the model to `path` (a pickle of msoc's own training, never a foreign file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(self))
        tmp.replace(path)

    @staticmethod
    def load(path: Path) -> SectionModel:
        """Read a model written by `save`."""
        model = pickle.loads(path.read_bytes())
        if not isinstance(model, SectionModel):
            raise TypeError(f"{path}: not a msoc section model")
        return model


def _newmm(text: str) -> list[str]:
    return tokenize(text)


def train(examples: Iterable[Example]) -> SectionModel:
    """Fit the section model on labelled examples (needs at least two sections)."""
    rows = [(e.text, e.section) for e in examples if e.text.strip() and e.section in SECTIONS]
    if len({s for _, s in rows}) < 2:
        raise ValueError("train: need examples of at least two sections")
    pipeline = build_pipeline()
    pipeline.fit([fold_for_match(t) for t, _ in rows], [s for _, s in rows])
    return SectionModel(pipeline, len(rows))


def build_pipeline() -> Pipeline:
    """The unfitted features + classifier (also used by the evaluation on other labels)."""
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    tokenizer=_newmm,
                    token_pattern=None,
                    lowercase=False,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    min_df=1,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=1
                ),
            ),
        ]
    )
    return Pipeline(
        [
            ("features", features),
            ("model", LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced")),
        ]
    )


def rule_scores(text: str, place: PlaceGuess | None) -> tuple[np.ndarray, tuple[str, ...]]:
    """Rule evidence per section (in `SECTIONS` order) and readable reasons."""
    folded = fold_for_match(text)
    scores = np.zeros(len(SECTIONS))
    reasons: list[str] = []
    hits: dict[str, set[str]] = {}
    for m in _RULES.finditer(folded):
        term = m.group(0)
        if term in _BOUNDED and m.start() > 0 and _WORD_CHAR.match(folded[m.start() - 1]):
            continue  # an abbreviation glued to a word is not that abbreviation
        for section in _TERM_SECTIONS[term]:
            hits.setdefault(section, set()).add(term)
    for section, found in hits.items():
        cap = 2.0 if section == "ministry" else 1.2
        scores[SECTIONS.index(section)] += min(cap, RULE_TERMS[section][0] * len(found))
        reasons.append(f"{section}: {' '.join(sorted(found)[:4])}")
    if place is not None and place.place is not None and place.place.kind == "country":
        scores[SECTIONS.index("foreign")] += 1.5 + place.confidence
        reasons.append(f"foreign: สถานที่ {place.place.name}")
    return scores, tuple(reasons)


def classify(
    texts: Sequence[str], places: Sequence[PlaceGuess | None], model: SectionModel | None
) -> list[SectionGuess]:
    """Section and confidence for each text (headline + lead), given its located place."""
    proba = (
        model.proba(texts) if model is not None and texts else np.zeros((len(texts), len(SECTIONS)))
    )
    guesses = []
    for i, text in enumerate(texts):
        rules, reasons = rule_scores(text, places[i])
        combined = proba[i] + rules
        if combined.sum() <= 0:
            guesses.append(SectionGuess("none", 0.0, reasons))
            continue
        best = int(np.argmax(combined))
        confidence = float(combined[best] / combined.sum())
        guesses.append(SectionGuess(SECTIONS[best], round(confidence, 3), reasons))
    return guesses


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def sample_examples(data_dir: Path = DATA_DIR) -> list[Example]:
    """The labelled rows of the sample report shipped with the package."""
    return [
        Example(r["summary"], r["section"], place=r["place"])
        for r in _read_rows(data_dir / "sample_sections.tsv")
    ]


def seed_examples(data_dir: Path = DATA_DIR) -> list[Example]:
    """The seed headlines (every section and `none`) shipped with the package."""
    return [Example(r["summary"], r["section"]) for r in _read_rows(data_dir / "seed_sections.tsv")]


def default_examples() -> list[Example]:
    """What the shipped model trains on: the sample's rows and the seed headlines."""
    return sample_examples() + seed_examples()


_DEFAULT: dict[str, SectionModel] = {}


def load_or_train(path: Path | None = None) -> SectionModel:
    """The model stored at `path` if there is one, else one trained on the shipped data."""
    if path is not None and path.exists():
        return SectionModel.load(path)
    if "default" not in _DEFAULT:
        _DEFAULT["default"] = train(default_examples())
    return _DEFAULT["default"]


@dataclass(frozen=True)
class RetrainResult:
    """What `retrain` did: the scores on the evaluation set and whether the new model was kept."""

    new_score: float
    old_score: float | None
    kept_new: bool
    trained_on: int
    evaluated_on: int


def score(model: SectionModel, examples: Sequence[Example]) -> float:
    """Macro-F1 over the sections present in `examples` (rules + model, places located)."""
    from msoc.nlp.places import locate

    texts = [e.text for e in examples]
    guesses = classify(texts, [locate(t) for t in texts], model)
    labels = sorted({e.section for e in examples})
    f1s = []
    for label in labels:
        tp = sum(
            1
            for e, g in zip(examples, guesses, strict=True)
            if e.section == label and g.section == label
        )
        fp = sum(
            1
            for e, g in zip(examples, guesses, strict=True)
            if e.section != label and g.section == label
        )
        fn = sum(
            1
            for e, g in zip(examples, guesses, strict=True)
            if e.section == label and g.section != label
        )
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def retrain(
    examples: Sequence[Example], evaluation: Sequence[Example], model_path: Path
) -> RetrainResult:
    """Train on `examples`; store the model at `model_path` unless the stored one scores better."""
    new = train(examples)
    new_score = score(new, evaluation)
    old_score = score(SectionModel.load(model_path), evaluation) if model_path.exists() else None
    keep_new = old_score is None or new_score >= old_score
    if keep_new:
        new.save(model_path)
    return RetrainResult(
        round(new_score, 4),
        None if old_score is None else round(old_score, 4),
        keep_new,
        new.trained_on,
        len(evaluation),
    )
