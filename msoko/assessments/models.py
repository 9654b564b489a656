"""Assessment procedures, their schemes, and the results loaded from files.

A procedure's results are a participants × tasks matrix. An import stores its rows as one
compressed Arrow IPC block (:class:`ResultData`); each participant's task scores are one
short text column (``scores``, encoded by ``encoding.py``). :class:`ResultCoverage` says which
organisations' data in which block is current. Loading a procedure for a whole region is
one query for its blocks and a vectorised decode into a Polars frame.
"""

from __future__ import annotations

from django.db import models

from msoko.core.access import ScopedQuerySet


class ProcedureKind(models.TextChoices):
    VPR = "ВПР", "ВПР"
    NIKO = "НИКО", "НИКО"
    RKR = "РКР", "РКР (региональная контрольная работа)"
    MOP = "МОП", "МОП (муниципальная оценочная процедура)"
    OGE = "ОГЭ", "ОГЭ"
    EGE = "ЕГЭ", "ЕГЭ"
    GVE9 = "ГВЭ-9", "ГВЭ-9"
    GVE11 = "ГВЭ-11", "ГВЭ-11"
    OLYMPIAD_SCHOOL = "ВсОШ-школьный", "ВсОШ, школьный этап"
    OLYMPIAD_MUNICIPAL = "ВсОШ-муниципальный", "ВсОШ, муниципальный этап"
    OLYMPIAD_REGIONAL = "ВсОШ-региональный", "ВсОШ, региональный этап"
    OLYMPIAD_FINAL = "ВсОШ-заключительный", "ВсОШ, заключительный этап"


#: kinds whose results come in the `results` format (a task matrix per participant)
TASK_MATRIX_KINDS = (ProcedureKind.VPR, ProcedureKind.NIKO, ProcedureKind.RKR, ProcedureKind.MOP)
GIA_KINDS = (ProcedureKind.OGE, ProcedureKind.EGE, ProcedureKind.GVE9, ProcedureKind.GVE11)


class Procedure(models.Model):
    """One assessment: kind × subject × grade × school year («ВПР, Математика, 5, 2024/2025»)."""

    kind = models.CharField("процедура", max_length=30, choices=ProcedureKind.choices)
    subject = models.CharField("предмет", max_length=100)
    grade = models.PositiveSmallIntegerField("параллель", null=True, blank=True)
    school_year = models.ForeignKey("core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT)

    class Meta:
        verbose_name = "оценочная процедура"
        verbose_name_plural = "оценочные процедуры"
        ordering = ["-school_year__start_year", "kind", "subject", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "grade", "school_year"], name="unique_procedure"
            ),
            models.UniqueConstraint(
                fields=["kind", "subject", "school_year"],
                condition=models.Q(grade__isnull=True),
                name="unique_procedure_without_grade",
            ),
        ]

    def __str__(self) -> str:
        grade = f", {self.grade} класс" if self.grade else ""
        return f"{self.kind}, {self.subject}{grade}, {self.school_year}"


class Level(models.TextChoices):
    BASIC = "Б", "базовый"
    ADVANCED = "П", "повышенный"
    HIGH = "В", "высокий"


class Scheme(models.Model):
    """The description of a work: its tasks in the order of the result columns and its mark scale."""

    procedure = models.OneToOneField(
        Procedure, verbose_name="процедура", on_delete=models.CASCADE, related_name="scheme"
    )
    #: lowest primary score for each mark: {"3": 6, "4": 10, "5": 15}
    scale = models.JSONField("шкала перевода в отметку", default=dict, blank=True)
    source = models.CharField("источник", max_length=500, blank=True)
    builtin = models.BooleanField("встроенная", default=False)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "описание работы"
        verbose_name_plural = "описания работ"

    def __str__(self) -> str:
        return f"Описание: {self.procedure}"

    @property
    def max_score(self) -> int:
        return sum(t.max_score for t in self.tasks.all())


class SchemeTask(models.Model):
    scheme = models.ForeignKey(
        Scheme, verbose_name="описание работы", on_delete=models.CASCADE, related_name="tasks"
    )
    position = models.PositiveSmallIntegerField("позиция")
    label = models.CharField("номер задания", max_length=20)
    max_score = models.PositiveSmallIntegerField("максимальный балл")
    level = models.CharField("уровень", max_length=1, choices=Level.choices, default=Level.BASIC)
    skill = models.TextField("проверяемые требования (умения)", blank=True)
    kes = models.CharField("код КЭС", max_length=200, blank=True)
    kt = models.CharField("код КТ", max_length=200, blank=True)

    class Meta:
        verbose_name = "задание"
        verbose_name_plural = "задания"
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "position"], name="unique_task_position"),
            models.UniqueConstraint(fields=["scheme", "label"], name="unique_task_label"),
        ]

    def __str__(self) -> str:
        return self.label


class ResultQuerySet(ScopedQuerySet):
    organization_lookup = "organization"


class ResultData(models.Model):
    """All participants of one `results` import, as one compressed Arrow IPC block.

    One row per participant in SQL would cap SQLite at about 100,000 rows a second for the
    insert alone; a region's million rows as one block are written in a fraction of a second
    and read back into Polars in one query with no Python loop (docs/architecture.md).
    Columns: org_id, class_name, participant_code, variant, absent, scores, total, mark,
    journal_mark, sex (see ``selectors.results_frame``).
    """

    batch = models.OneToOneField(
        "core.Batch", verbose_name="пакет загрузки", on_delete=models.CASCADE, related_name="result_data"
    )
    data = models.BinaryField("данные (Arrow IPC, zstd)")
    rows = models.PositiveIntegerField("строк")

    class Meta:
        verbose_name = "блок результатов"
        verbose_name_plural = "блоки результатов"

    def __str__(self) -> str:
        return f"Результаты пакета №{self.batch_id} ({self.rows} строк)"


class ResultCoverage(models.Model):
    """Which organisations a batch of results covers, and whether it is their current data.

    A later import of the same procedure for an organisation turns its earlier coverage
    inactive in the same transaction: the replacement is atomic and the old block stays
    readable for the audit until nothing in it is current.
    """

    batch = models.ForeignKey(
        "core.Batch", verbose_name="пакет загрузки", on_delete=models.CASCADE, related_name="coverage"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name="процедура", on_delete=models.CASCADE, related_name="coverage"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    participants = models.PositiveIntegerField("участников с результатом")
    absent = models.PositiveIntegerField("отсутствовали")
    active = models.BooleanField("текущие данные", default=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "охват пакета результатов"
        verbose_name_plural = "охват пакетов результатов"
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "organization"],
                condition=models.Q(active=True),
                name="one_current_result_batch_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure} — {self.organization_id} (пакет №{self.batch_id})"


class GiaResult(models.Model):
    """One participant of one ГИА exam (ОГЭ, ЕГЭ, ГВЭ) in one subject."""

    batch = models.ForeignKey(
        "core.Batch", verbose_name="пакет загрузки", on_delete=models.CASCADE, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name="процедура", on_delete=models.CASCADE, related_name="gia_results"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    participant_code = models.CharField("код участника", max_length=40)
    class_name = models.CharField("класс", max_length=6, blank=True)
    primary_score = models.PositiveSmallIntegerField("первичный балл")
    test_score = models.PositiveSmallIntegerField("тестовый балл", null=True)
    mark = models.PositiveSmallIntegerField("отметка", null=True)
    annual_mark = models.PositiveSmallIntegerField("годовая отметка", null=True)
    medal_candidate = models.BooleanField("претендент на медаль", default=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "результат ГИА"
        verbose_name_plural = "результаты ГИА"
        indexes = [models.Index(fields=["procedure", "organization"])]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "participant_code", "organization"], name="unique_gia_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_code}: {self.primary_score}"


class Period(models.TextChoices):
    Q1 = "1 четверть"
    Q2 = "2 четверть"
    Q3 = "3 четверть"
    Q4 = "4 четверть"
    H1 = "1 полугодие"
    H2 = "2 полугодие"
    YEAR = "год"


class JournalMark(models.Model):
    """A term or annual mark from the electronic journal (the `marks` format)."""

    batch = models.ForeignKey(
        "core.Batch", verbose_name="пакет загрузки", on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    participant_code = models.CharField("код участника", max_length=40)
    class_name = models.CharField("класс", max_length=6)
    subject = models.CharField("предмет", max_length=100)
    period = models.CharField("период", max_length=20, choices=Period.choices)
    mark = models.PositiveSmallIntegerField("отметка")

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "отметка из журнала"
        verbose_name_plural = "отметки из журнала"
        indexes = [models.Index(fields=["school_year", "organization", "subject"])]

    def __str__(self) -> str:
        return f"{self.participant_code} {self.subject} {self.period}: {self.mark}"


class OlympiadStatus(models.TextChoices):
    PARTICIPANT = "участник"
    PRIZE_WINNER = "призёр"
    WINNER = "победитель"


class OlympiadResult(models.Model):
    """A participant of a stage of the all-Russian olympiad (ВсОШ)."""

    batch = models.ForeignKey(
        "core.Batch", verbose_name="пакет загрузки", on_delete=models.CASCADE, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name="процедура", on_delete=models.CASCADE, related_name="olympiad_results"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    participant_code = models.CharField("код участника", max_length=40)
    grade = models.PositiveSmallIntegerField("класс")
    score = models.DecimalField("баллы", max_digits=7, decimal_places=2)
    max_score = models.DecimalField("максимальный балл", max_digits=7, decimal_places=2, null=True)
    status = models.CharField("статус", max_length=20, choices=OlympiadStatus.choices)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "результат олимпиады"
        verbose_name_plural = "результаты олимпиад"
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "organization", "participant_code"], name="unique_olympiad_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_code}: {self.status}"


class ReferenceScope(models.TextChoices):
    RUSSIA = "russia", "Россия"
    REGION = "region", "Регион"


class ReferenceOrigin(models.TextChoices):
    """Where a region's figure came from: official ones win over those computed from a file."""

    ENTERED = "entered", "официальное значение (введено или загружено отделом)"
    FILE = "file", "рассчитано по региональной выгрузке"


class ReferenceValue(models.Model):
    """A figure of the whole country or the region for a procedure, as ФИС ОКО reports it.

    The department enters or imports them so that the pages compare the municipality and each
    school with the region and Russia. ``metric`` is ``p2``…``p5`` (share of each mark, %) or
    ``task:<label>`` (completion of the task, % of its maximum). A regional export
    (``--regional``) adds the region's figures computed over the whole file (origin ``file``),
    those and the ``results.*`` indicators (metric = the indicator's code); an entered figure of
    the same metric takes precedence on the pages.
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name="процедура", on_delete=models.CASCADE, related_name="reference_values"
    )
    scope = models.CharField("уровень", max_length=10, choices=ReferenceScope.choices)
    metric = models.CharField("показатель", max_length=40)
    value = models.FloatField("значение")
    origin = models.CharField(
        "источник", max_length=10, choices=ReferenceOrigin.choices, default=ReferenceOrigin.ENTERED
    )
    import_record = models.ForeignKey(
        "core.ImportRecord",
        verbose_name="загрузка файла",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        "core.User",
        verbose_name="кто изменил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "значение региона или России"
        verbose_name_plural = "значения региона и России"
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "scope", "metric", "origin"], name="unique_reference_value_origin"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}, {self.metric}: {self.value}"
