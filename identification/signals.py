"""Signals that identification sends, so that other parts can react without it importing them.

`run_published(run)` is sent once the transaction that published a ranking run has committed.
"""

from django.dispatch import Signal

run_published = Signal()
