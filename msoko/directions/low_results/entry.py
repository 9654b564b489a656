"""What direction 2 offers the shell and the pipeline (``apps.py`` registers it)."""

from msoko.directions.low_results.compute import COMPUTATION
from msoko.directions.registry import DirectionEntry, DirectionPage, ObjectLink

ENTRY = DirectionEntry(
    slug="low-performing-schools",
    pages=(
        DirectionPage(
            "ШНОР, ШФНСУ и резильентные школы: результаты и контекст, перечень, наставники",
            "low_results:schools",
        ),
    ),
    organization_links=(ObjectLink("Результаты и контекст", "low_results:school"),),
    flag_kinds=COMPUTATION.flag_kinds,
    computations=(COMPUTATION,),
)
