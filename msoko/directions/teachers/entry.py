"""What direction 7 offers the pipeline (``apps.py`` registers it); its pages come next."""

from msoko.directions.registry import DirectionEntry
from msoko.directions.teachers.compute import COMPUTATION

ENTRY = DirectionEntry(slug="teacher-development", computations=(COMPUTATION,))
