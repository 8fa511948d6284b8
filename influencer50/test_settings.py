"""Settings for the test suite: the real settings, with a test key and a fast password hasher.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so CI runs the
same suite on SQLite and on PostgreSQL with a real broker.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from influencer50.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
RANKING_AUTO_DELAY_SECONDS = 0
# Tests run tasks in-process even where CI sets a broker; the worker tests
# (tests/identification/test_celery_worker.py) switch this off to use the real one.
CELERY_TASK_ALWAYS_EAGER = True
# Rankings computed by page and service tests need no tight intervals; the engine's own
# tests and the benchmarks use the full 200 replicates.
RANKING_BOOTSTRAP_REPLICATES = 20
