"""What direction 3 offers the pipeline (``apps.py`` registers it); its pages come next."""

from msoko.directions.registry import DirectionEntry
from msoko.directions.talents.compute import COMPUTATION

ENTRY = DirectionEntry(slug="talents", computations=(COMPUTATION,))
