"""Gunicorn's settings for the web process (`gunicorn -c python:influencer50.gunicorn ...`).

Where it listens and how many workers come from the environment, as everything else does; its
own log lines go through the app's logging settings (JSON in production).
"""

import os

from influencer50.settings import LOGGING, env_int

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{env_int('PORT', 8000)}"
# Each worker holds the app in memory; two or three per core is gunicorn's advice.
workers = env_int("WEB_CONCURRENCY", 3)
timeout = env_int("WEB_TIMEOUT", 60)
logconfig_dict = LOGGING
accesslog = None
