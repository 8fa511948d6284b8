"""Views of the identification app, one module per page family."""
