"""What direction 3 offers the shell and the pipeline (``apps.py`` registers it)."""

from msoko.directions.registry import DirectionEntry, DirectionPage
from msoko.directions.talents.compute import COMPUTATION

ENTRY = DirectionEntry(
    slug="talents",
    pages=(
        DirectionPage("Всероссийская олимпиада школьников: этапы, предметы и школы", "talents:olympiad"),
        DirectionPage("Банк одарённых детей", "talents:bank"),
    ),
    computations=(COMPUTATION,),
)
