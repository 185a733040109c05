"""The reasons for changes moved to the audit app (its 0001 takes over the
same tables): removed from followup's state only, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0003_digest_weekday_and_notice_programme'),
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveField(
            model_name='statedreason',
            name='reason',
        ),
        migrations.RemoveField(
            model_name='statedreason',
            name='programme',
        ),
        migrations.RemoveField(
            model_name='statedreason',
            name='unit',
        ),
        migrations.RemoveField(
            model_name='statedreason',
            name='user',
        ),
        migrations.DeleteModel(
            name='ChangeReason',
        ),
        migrations.DeleteModel(
            name='StatedReason',
        ),
        ]),
    ]
