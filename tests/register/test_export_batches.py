"""The household export reads in batches; the file is the same whatever the batch size."""

from __future__ import annotations

import pytest

from msoc.apps.register import exports
from msoc.apps.register.actions.synthetic import do_generate_register
from msoc.apps.register.models import Member
from msoc.encryption import decrypt

KORAT = 19
PASSPHRASE = "correct horse battery"


def _export(monkeypatch: pytest.MonkeyPatch, batch: int) -> list[str]:
    monkeypatch.setattr(exports, "EXPORT_BATCH", batch)
    blob = exports.export_households_encrypted(provinces=[KORAT], passphrase=PASSPHRASE)
    return decrypt(blob, PASSPHRASE).decode("utf-8-sig").splitlines()


def test_batched_export_equals_one_batch(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    do_generate_register([KORAT], 60, seed=3)
    whole = _export(monkeypatch, 10**6)
    batched = _export(monkeypatch, 7)
    assert batched == whole
    assert len(whole) == 1 + Member.objects.filter(active=True).count()
    codes = [line.split(",")[0] for line in whole[1:]]
    assert codes == sorted(codes) and len(set(codes)) == 60
