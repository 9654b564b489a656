"""What direction 8 offers the shell (``apps.py`` registers it)."""

from msoko.directions.registry import DirectionEntry

ENTRY = DirectionEntry(slug="methodical-work")
