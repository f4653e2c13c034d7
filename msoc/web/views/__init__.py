"""Views of the web app, one module per concept."""
