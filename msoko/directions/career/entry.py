"""What direction 4 offers the pipeline (``apps.py`` registers it); its pages come next."""

from msoko.directions.career.compute import COMPUTATION
from msoko.directions.registry import DirectionEntry

ENTRY = DirectionEntry(slug="career-guidance", computations=(COMPUTATION,))
