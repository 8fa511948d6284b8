"""A change counter on each study and each run: how far the published ranking lags."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("identification", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name='rankingrun',
            name='evidence_changes',
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='study',
            name='evidence_changes',
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
    ]
