"""What direction 5 offers the shell and the pipeline (``apps.py`` registers it)."""

from msoko.directions.objectivity.compute import COMPUTATION
from msoko.directions.registry import DirectionEntry, DirectionPage, ObjectLink

ENTRY = DirectionEntry(
    slug="objectivity",
    pages=(
        DirectionPage(
            "Признаки необъективности: список школ, доказательства, объяснения школ",
            "objectivity:objectivity",
        ),
    ),
    organization_links=(ObjectLink("Объективность", "objectivity:evidence"),),
    flag_kinds=COMPUTATION.flag_kinds,
    computations=(COMPUTATION,),
)
