"""What direction 7 offers the shell and the pipeline (``apps.py`` registers it)."""

from msoko.directions.registry import DirectionEntry, DirectionPage
from msoko.directions.teachers.compute import COMPUTATION

ENTRY = DirectionEntry(
    slug="teacher-development",
    pages=(
        DirectionPage(
            "Педагоги: категории, диагностика дефицитов, курсы и наставничество", "teachers:development"
        ),
    ),
    computations=(COMPUTATION,),
)
