"""What direction 4 offers the shell and the pipeline (``apps.py`` registers it)."""

from msoko.directions.career.compute import COMPUTATION
from msoko.directions.registry import DirectionEntry, DirectionPage

ENTRY = DirectionEntry(
    slug="career-guidance",
    pages=(DirectionPage("ЕГЭ выпускников: выбор предметов и минимальные пороги", "career:ege"),),
    computations=(COMPUTATION,),
)
