"""Job postings and their pins moved to recruitment (recruitment.Job, recruitment.PinnedJob).
recruitment's 0002 copies the rows first (it declares run_before this migration), so
streams does not depend on recruitment."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("streams", "0005_recording_room_slug_length"),
    ]

    operations = [
        migrations.DeleteModel(name="PinnedJob"),
        migrations.DeleteModel(name="JobPosting"),
    ]
