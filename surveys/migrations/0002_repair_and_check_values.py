"""Check constraints on the surveys' choice fields and bounded numbers.

Rows that would break them are repaired where the intended value is certain and the
migration stops with a list otherwise (identification.data_repair).
"""

from django.db import migrations, models

import surveys.models
from identification.data_repair import repair_or_refuse

CONSTRAINTS = [
    (
        "importjob",
        models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'queued', 'running', 'succeeded', 'failed'])), name='import_job_status_valid', violation_error_message='Status must be one of: draft, queued, running, succeeded, failed.'),
    ),
    (
        "importjob",
        models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='import_job_progress_range', violation_error_message='Progress must be at most 100.'),
    ),
    (
        "survey",
        models.CheckConstraint(condition=models.Q(('names_per_stage__gte', 1), ('names_per_stage__lte', 10)), name='survey_names_per_stage_range', violation_error_message='Names per stage must be between 1 and 10.'),
    ),
]


class Migration(migrations.Migration):

    dependencies = [
        ("identification", "0003_repair_and_check_values"),
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name='savedmapping',
            name='document',
            field=models.JSONField(validators=[surveys.models.validate_mapping_document]),
        ),
        migrations.AlterField(
            model_name='survey',
            name='names_per_stage',
            field=models.PositiveSmallIntegerField(default=3, help_text='How many names a respondent may give at each stage (1–10).'),
        ),
        migrations.RunPython(repair_or_refuse("surveys", CONSTRAINTS), migrations.RunPython.noop),
        *(
            migrations.AddConstraint(model_name=model_name, constraint=constraint)
            for model_name, constraint in CONSTRAINTS
        ),
    ]
