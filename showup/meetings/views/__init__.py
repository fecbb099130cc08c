"""Views of the meetings app, one module per kind of page."""
