"""Writes of the surveys app: questionnaires and their responses, imports and their jobs."""
