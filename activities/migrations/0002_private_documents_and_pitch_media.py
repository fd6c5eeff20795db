"""Consultation documents move out of MEDIA_ROOT (served publicly as /media/) into the private
storage; pitches get uploaded slides and video (docs/activities.md)."""

import activities.storage
from django.db import migrations, models


def move_documents(apps, schema_editor) -> None:
    """Documents stored before this migration are moved into the private storage (same names)."""
    from django.core.files.storage import default_storage

    private = activities.storage.private_storage()
    for document in apps.get_model("activities", "CaseDocument").objects.all():
        name = document.file.name
        if not name or private.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as handle:
            private.save(name, handle)
        default_storage.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='pitch',
            name='slides_file',
            field=models.FileField(blank=True, storage=activities.storage.private_storage, upload_to='activities/pitches/'),
        ),
        migrations.AddField(
            model_name='pitch',
            name='video_file',
            field=models.FileField(blank=True, storage=activities.storage.private_storage, upload_to='activities/pitches/'),
        ),
        migrations.AddField(
            model_name='pitch',
            name='video_type',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name='casedocument',
            name='file',
            field=models.FileField(storage=activities.storage.private_storage, upload_to='activities/cases/'),
        ),
        migrations.RunPython(move_documents, migrations.RunPython.noop),
    ]
