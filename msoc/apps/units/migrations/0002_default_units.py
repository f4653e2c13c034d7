from django.db import migrations


def load_units(apps, schema_editor):
    from msoc.apps.units.defaults import DEFAULT_UNITS

    Unit = apps.get_model("units", "Unit")
    for order, (code, name) in enumerate(DEFAULT_UNITS, start=1):
        Unit.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(load_units, migrations.RunPython.noop)]
