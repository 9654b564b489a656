"""What direction 1 offers the shell and the pipeline (``apps.py`` registers it)."""

from msoko.directions.achievement.compute import COMPUTATION
from msoko.directions.registry import DirectionEntry, DirectionPage, ObjectLink

ENTRY = DirectionEntry(
    slug="student-achievement",
    pages=(
        DirectionPage(
            "Процедуры и результаты: анализ по процедуре, школе и классу", "assessments:procedures"
        ),
        DirectionPage("Описания работ: задания и проверяемые умения", "assessments:schemes"),
        DirectionPage("Успеваемость и качество по журналу", "achievement:marks"),
    ),
    procedure_links=(
        ObjectLink("Анализ результатов", "achievement:procedure_analysis", key="analysis"),
        ObjectLink("Анализ результатов школы", "achievement:school_analysis", key="school_analysis"),
    ),
    computations=(COMPUTATION,),
)
