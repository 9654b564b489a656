"""Direction 7: the professional development of teachers (categories, diagnostics, courses, mentors)."""
