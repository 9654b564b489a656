"""What direction 8 offers the shell and the pipeline (``apps.py`` registers it)."""

from msoko.directions.methodical.compute import COMPUTATION
from msoko.directions.registry import DirectionEntry, DirectionPage

ENTRY = DirectionEntry(
    slug="methodical-work",
    pages=(
        DirectionPage("Методические объединения (РМО и ШМО) и их планы работы", "methodical:associations"),
        DirectionPage("Банк лучших практик", "methodical:practices"),
    ),
    computations=(COMPUTATION,),
)
