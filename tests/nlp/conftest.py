"""Session-wide fixtures for the NLP tests: one trained model and one enricher per session."""

from __future__ import annotations

import pytest

from msoc.nlp.classify import PACKAGED_MODEL, SectionModel
from msoc.nlp.enrich import Enricher


@pytest.fixture(scope="session")
def section_model() -> SectionModel:
    """The section model shipped in the package (built by `msoc train --package`)."""
    return SectionModel.load(PACKAGED_MODEL)


@pytest.fixture(scope="session")
def enricher(section_model: SectionModel) -> Enricher:
    """An enricher with the session's model, the default topic lexicon and gazetteer."""
    from msoc.gazetteer import default_gazetteer
    from msoc.nlp.topics import default_tagger

    return Enricher(section_model, default_tagger(), default_gazetteer())
