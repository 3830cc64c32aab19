"""Template tags and filters for the annotation pages."""
