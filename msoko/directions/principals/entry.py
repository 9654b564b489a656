"""What direction 6 offers the shell and the pipeline (``apps.py`` registers it)."""

from msoko.directions.principals.compute import COMPUTATION
from msoko.directions.registry import DirectionEntry, DirectionPage

ENTRY = DirectionEntry(
    slug="school-leaders",
    pages=(
        DirectionPage(
            "Эффективность руководителей: индекс и его составляющие по школам", "principals:effectiveness"
        ),
    ),
    computations=(COMPUTATION,),
)
