"""The reasons for changes move here from followup: the tables stay
(``followup_changereason``, ``followup_statedreason``, named by ``db_table``),
so this creates the models in Django's state only and moves their content
types, with their permissions and admin log, to the new app."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ["changereason", "statedreason"]


def _move(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model__in=MODELS).exists():
        return  # already created for the new app (nothing to carry over)
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def move_content_types(apps, schema_editor):
    _move(apps, "followup", "audit")


def move_content_types_back(apps, schema_editor):
    _move(apps, "audit", "followup")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('followup', '0003_digest_weekday_and_notice_programme'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('programmes', '0001_initial'),
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='ChangeReason',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('label_vi', models.CharField(max_length=200, verbose_name='label (Vietnamese)')),
                ('label_en', models.CharField(blank=True, max_length=200, verbose_name='label (English)')),
                ('kinds', models.CharField(blank=True, help_text='Comma-separated: target, reopen, deadline, not_relevant; empty means every kind of change', max_length=100, verbose_name='applies to')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
            ],
            options={
                'verbose_name': 'reason for a change',
                'verbose_name_plural': 'reasons for changes',
                'db_table': 'followup_changereason',
                'ordering': ['sort_order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='StatedReason',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('target', 'Change of a target'), ('reopen', 'Reopening an approved report'), ('deadline', 'Moving a remediation deadline'), ('not_relevant', 'Closing a finding as no longer relevant')], max_length=16, verbose_name='kind of change')),
                ('text', models.TextField(verbose_name='explanation')),
                ('at', models.DateTimeField(verbose_name='at')),
                ('period', models.CharField(blank=True, max_length=20, verbose_name='period')),
                ('record_type', models.CharField(max_length=60, verbose_name='record type')),
                ('record_id', models.PositiveBigIntegerField(verbose_name='record')),
                ('record_label', models.CharField(max_length=300, verbose_name='what')),
                ('before', models.CharField(blank=True, max_length=100, verbose_name='before')),
                ('after', models.CharField(blank=True, max_length=100, verbose_name='after')),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='programmes.programme', verbose_name='programme')),
                ('reason', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='uses', to='audit.changereason', verbose_name='reason')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='unit')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'stated reason',
                'verbose_name_plural': 'stated reasons',
                'db_table': 'followup_statedreason',
                'ordering': ['-at', '-pk'],
                'indexes': [models.Index(fields=['record_type', 'record_id'], name='stated_reason_record')],
            },
        ),
        ]),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
