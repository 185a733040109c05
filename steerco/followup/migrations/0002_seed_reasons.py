from django.db import migrations


def seed(apps, schema_editor):
    from steerco.audit.seed import seed as seed_reasons

    seed_reasons(apps.get_model("followup", "ChangeReason"))


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
