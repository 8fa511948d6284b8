"""Views of the surveys app: the survey builder and results, the public form, imports."""
