"""The audit chain moves from plain SHA-256 to HMAC under the audit key (issue 17, finding 12).

A chain that verifies under the old hashing is hashed again with the key; one that does not is
left as it is, so `msoc audit verify` keeps reporting what was altered before.
"""

import logging

from django.db import migrations


def rekey(apps, schema_editor):  # type: ignore[no-untyped-def]
    from msoc.apps.accounts.audit import rekey_legacy_chain

    done = rekey_legacy_chain(
        apps.get_model("accounts", "AuditEvent"), apps.get_model("accounts", "AuditChainHead")
    )
    if done == "broken":
        logging.getLogger(__name__).warning(
            "บันทึกการเปลี่ยนแปลงเดิมตรวจไม่ผ่าน: ไม่ได้เปลี่ยนเป็นแฮชแบบมีกุญแจ (ดู msoc audit verify)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_membership_all_provinces_membership_provinces_and_more"),
    ]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
