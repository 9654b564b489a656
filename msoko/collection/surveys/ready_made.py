"""The ready-made questionnaires, as data: the usual municipal satisfaction surveys of parents
(school, ДОО) and of pupils (upbringing work), item 4.10 of the Krasnoturansk road map.

Each question may name the indicator it feeds by default; a survey opened with the
questionnaire starts with those links (``services.open_survey``). The data migration and
``services.ready_made_questionnaires`` both install them through :func:`install`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SATISFIED = "полностью удовлетворён(а)"
UNSATISFIED = "совсем не удовлетворён(а)"
YES_NO4 = ["да", "скорее да", "скорее нет", "нет"]


@dataclass(frozen=True)
class Default:
    """The link to an indicator a survey starts with: ``rule`` and its threshold or options."""

    indicator: str
    rule: str
    threshold: int | None = None
    options: tuple[int, ...] = ()


@dataclass(frozen=True)
class Q:
    text: str
    kind: str  # QuestionKind value
    options: tuple[str, ...] = ()
    scale_max: int | None = None
    low: str = ""
    high: str = ""
    required: bool = True
    default: Default | None = None


def _scale(text: str, *, low: str = UNSATISFIED, high: str = SATISFIED, default: Default | None = None) -> Q:
    return Q(text, "scale", scale_max=5, low=low, high=high, default=default)


@dataclass(frozen=True)
class ReadyMade:
    key: str
    title: str
    audience: str
    description: str
    questions: tuple[Q, ...] = field(default_factory=tuple)


_ANONYMOUS = (
    "Анкета анонимная: мы не спрашиваем имени и не сохраняем сведений о том, кто и с какого "
    "устройства отвечал. Итоги по организации показываются, только когда ответов не меньше десяти. "
)

SCHOOL_PARENTS = ReadyMade(
    key="parents_school",
    title="Удовлетворённость родителей качеством образования в школе",
    audience="parents",
    description=_ANONYMOUS
    + "Ответьте, пожалуйста, о школе, в которой учится ваш ребёнок; это займёт около пяти минут.",
    questions=(
        _scale("Насколько вы удовлетворены качеством обучения в школе?"),
        _scale("Насколько вы удовлетворены работой учителей (профессионализм, отношение к детям)?"),
        Q(
            "Получаете ли вы достаточно сведений о работе школы и об успехах ребёнка "
            "(сайт, электронный дневник, родительские собрания)?",
            "single",
            options=tuple(YES_NO4),
        ),
        _scale("Насколько комфортно и безопасно ребёнку в школе?", low="совсем нет", high="полностью"),
        _scale(
            "Как вы оцениваете условия обучения: здание, кабинеты, оснащение, чистоту?",
            low="очень плохо",
            high="отлично",
        ),
        _scale("Как вы оцениваете организацию питания в школе?", low="очень плохо", high="отлично"),
        _scale(
            "Как вы оцениваете возможности дополнительного образования (кружки, секции) в школе?",
            low="очень плохо",
            high="отлично",
        ),
        _scale(
            "Насколько вы удовлетворены воспитательной работой школы (мероприятия, классное руководство)?"
        ),
        Q(
            "Что, по-вашему, в школе нужно улучшить в первую очередь?",
            "multiple",
            options=(
                "качество преподавания",
                "подготовку к экзаменам (ГИА)",
                "информирование родителей",
                "безопасность",
                "питание",
                "здание и оснащение",
                "кружки и секции",
                "воспитательные мероприятия",
            ),
            required=False,
        ),
        Q(
            "Порекомендуете ли вы эту школу знакомым?",
            "scale",
            scale_max=10,
            low="точно нет",
            high="обязательно",
        ),
        _scale("В целом насколько вы удовлетворены качеством образования в школе?"),
        Q("Ваши предложения школе", "text", required=False),
    ),
)

PRESCHOOL_PARENTS = ReadyMade(
    key="parents_preschool",
    title="Удовлетворённость родителей качеством дошкольного образования",
    audience="parents",
    description=_ANONYMOUS
    + "Ответьте, пожалуйста, о детском саде, который посещает ваш ребёнок; это займёт около пяти минут.",
    questions=(
        _scale(
            "Как детский сад развивает общение ребёнка со взрослыми и сверстниками, его "
            "самостоятельность (социально-коммуникативное развитие)?"
        ),
        _scale(
            "Как детский сад развивает интерес ребёнка к окружающему миру, счёту, "
            "конструированию (познавательное развитие)?"
        ),
        _scale("Как детский сад развивает речь ребёнка (речевое развитие)?"),
        _scale("Как детский сад развивает рисование, музыку, театр (художественно-эстетическое развитие)?"),
        _scale("Как детский сад заботится о здоровье и движении ребёнка (физическое развитие)?"),
        _scale("Насколько вы удовлетворены работой воспитателей и специалистов группы?"),
        _scale(
            "Как вы оцениваете обстановку группы и участка: игрушки, материалы, площадку?",
            low="очень плохо",
            high="отлично",
        ),
        _scale("Как вы оцениваете питание, присмотр и уход за ребёнком?", low="очень плохо", high="отлично"),
        Q(
            "Получаете ли вы сведения о жизни группы и об успехах ребёнка?",
            "single",
            options=("да, регулярно", "иногда", "редко", "нет"),
        ),
        Q(
            "Как вы участвуете в жизни детского сада?",
            "multiple",
            options=(
                "родительские собрания",
                "совместные праздники и мероприятия",
                "консультации специалистов",
                "проекты и конкурсы вместе с ребёнком",
                "родительский комитет (совет)",
                "пока не участвую",
            ),
            required=False,
        ),
        _scale(
            "В целом насколько вы удовлетворены качеством дошкольного образования в детском саду?",
            default=Default("preschool.parent_satisfaction", "share_at_least", threshold=4),
        ),
        Q("Что бы вы предложили улучшить?", "text", required=False),
    ),
)

PUPILS_UPBRINGING = ReadyMade(
    key="pupils_upbringing",
    title="Удовлетворённость обучающихся воспитательной работой школы",
    audience="pupils",
    description=_ANONYMOUS + "Для обучающихся 5–11 классов; ответ займёт три-четыре минуты.",
    questions=(
        Q("Нравится ли тебе учиться в твоей школе?", "single", options=tuple(YES_NO4)),
        _scale(
            "Насколько интересны тебе школьные мероприятия (праздники, акции, экскурсии)?",
            low="совсем не интересны",
            high="очень интересны",
        ),
        Q("Чувствуешь ли ты себя в школе в безопасности?", "single", options=tuple(YES_NO4)),
        Q("Можешь ли ты обратиться за помощью к классному руководителю?", "single", options=tuple(YES_NO4)),
        Q(
            "В каких делах школы ты участвуешь?",
            "multiple",
            options=(
                "кружки и секции",
                "школьный спортивный клуб",
                "добровольчество, «Движение первых»",
                "театр, хор, медиацентр",
                "ученическое самоуправление",
                "пока ни в каких",
            ),
            required=False,
        ),
        _scale("Как ты оцениваешь отношения в своём классе?", low="очень плохие", high="очень хорошие"),
        Q(
            "В целом, насколько ты удовлетворён(а) воспитательной работой в школе?",
            "single",
            options=(
                "удовлетворён(а)",
                "скорее удовлетворён(а)",
                "скорее не удовлетворён(а)",
                "не удовлетворён(а)",
            ),
            default=Default("upbringing.pupils_satisfaction", "share_of_options", options=(1, 2)),
        ),
        Q("Что бы ты хотел(а) изменить в школе?", "text", required=False),
    ),
)

READY_MADE = (SCHOOL_PARENTS, PRESCHOOL_PARENTS, PUPILS_UPBRINGING)


def by_key(key: str) -> ReadyMade | None:
    return next((r for r in READY_MADE if r.key == key), None)


def install(questionnaire_model: Any, question_model: Any) -> list[Any]:
    """Create the ready-made questionnaires that are missing (by key); existing ones are left as
    they are. Takes the model classes so the data migration can pass its historical ones."""
    created = []
    for ready in READY_MADE:
        if questionnaire_model.objects.filter(key=ready.key).exists():
            continue
        questionnaire = questionnaire_model.objects.create(
            key=ready.key, title=ready.title, audience=ready.audience, description=ready.description
        )
        question_model.objects.bulk_create(
            question_model(
                questionnaire=questionnaire,
                position=position,
                text=q.text,
                kind=q.kind,
                required=q.required,
                options=list(q.options),
                scale_max=q.scale_max,
                low_label=q.low,
                high_label=q.high,
            )
            for position, q in enumerate(ready.questions, start=1)
        )
        created.append(questionnaire)
    return created
