"""What direction 6 offers the pipeline (``apps.py`` registers it)."""

from msoko.directions.principals.compute import COMPUTATION
from msoko.directions.registry import DirectionEntry

ENTRY = DirectionEntry(slug="school-leaders", computations=(COMPUTATION,))
