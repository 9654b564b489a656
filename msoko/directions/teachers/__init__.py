"""Direction 7: the professional development of teachers (categories, mentoring, later courses)."""
