"""Questionnaires and imports arrive with the surveys issue."""
