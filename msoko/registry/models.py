"""The registry: territories, organisations, classes, pseudonymous students and teachers."""

from __future__ import annotations

from django.db import models

from msoko.core.access import ScopedQuerySet


class Municipality(models.Model):
    name = models.CharField("наименование", max_length=200, unique=True)
    is_demo = models.BooleanField("демонстрационный", default=False)

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    SCHOOL = "school", "школа"
    PRESCHOOL = "preschool", "ДОО"
    ADDITIONAL = "additional", "УДО"


class Locality(models.TextChoices):
    URBAN = "urban", "город"
    RURAL = "rural", "село"


SHARE_FIELDS = ("low_income_share", "higher_education_parents_share", "sen_share", "non_native_russian_share")


class OrganizationQuerySet(ScopedQuerySet):
    organization_lookup = "pk"


class Organization(models.Model):
    """An educational organisation (ОО) with the fields of the `organizations` import format."""

    code = models.CharField("код ОО", max_length=40, unique=True)
    name = models.CharField("наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200, blank=True)
    kind = models.CharField(
        "тип", max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.SCHOOL
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="organizations"
    )
    locality = models.CharField("местность", max_length=10, choices=Locality.choices, blank=True)
    students_count = models.PositiveIntegerField("численность обучающихся", null=True, blank=True)
    low_income_share = models.DecimalField(
        "доля малообеспеченных семей, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    higher_education_parents_share = models.DecimalField(
        "доля родителей с высшим образованием, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    sen_share = models.DecimalField(
        "доля обучающихся с ОВЗ, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    non_native_russian_share = models.DecimalField(
        "доля обучающихся, для которых русский язык не родной, %",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "образовательная организация"
        verbose_name_plural = "образовательные организации"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{share}__gte": 0, f"{share}__lte": 100})
                | models.Q(**{f"{share}__isnull": True}),
                name=f"{share}_percent",
            )
            for share in SHARE_FIELDS
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class OrganizationAlias(models.Model):
    """Another code of the same organisation (ФИС ОКО uses `sch…` in one export, `edu…` in another)."""

    code = models.CharField("код", max_length=40, unique=True)
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="aliases"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "дополнительный код ОО"
        verbose_name_plural = "дополнительные коды ОО"

    def __str__(self) -> str:
        return self.code


class ClassGroup(models.Model):
    """A class («5А») of an organisation in one school year."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="classes"
    )
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    grade = models.PositiveSmallIntegerField("параллель")
    letter = models.CharField("литера", max_length=4, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "класс"
        verbose_name_plural = "классы"
        ordering = ["organization__code", "grade", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "school_year", "grade", "letter"], name="unique_class_per_year"
            ),
            models.CheckConstraint(condition=models.Q(grade__gte=1, grade__lte=11), name="grade_1_11"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.grade}{self.letter}"


class Sex(models.TextChoices):
    MALE = "М", "мужской"
    FEMALE = "Ж", "женский"


class Student(models.Model):
    """A pseudonymous student: a stable code, no names and no birth dates."""

    code = models.CharField("код обучающегося", max_length=40, unique=True)
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="students"
    )
    sex = models.CharField("пол", max_length=1, choices=Sex.choices, blank=True)
    has_sen = models.BooleanField("ОВЗ", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "обучающийся"
        verbose_name_plural = "обучающиеся"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class EnrollmentQuerySet(ScopedQuerySet):
    organization_lookup = "class_group__organization"


class Enrollment(models.Model):
    """Which class a student is in during a school year (students move up a grade each year)."""

    student = models.ForeignKey(
        Student, verbose_name="обучающийся", on_delete=models.CASCADE, related_name="enrollments"
    )
    class_group = models.ForeignKey(
        ClassGroup, verbose_name="класс", on_delete=models.CASCADE, related_name="enrollments"
    )
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = "зачисление в класс"
        verbose_name_plural = "зачисления в классы"
        constraints = [models.UniqueConstraint(fields=["student", "school_year"], name="one_class_per_year")]

    def __str__(self) -> str:
        return f"{self.student.code} → {self.class_group.name} ({self.school_year})"


class Category(models.TextChoices):
    NONE = "none", "без категории"
    CONFORMITY = "conformity", "соответствие"
    FIRST = "first", "первая"
    HIGHEST = "highest", "высшая"


class Teacher(models.Model):
    """A pseudonymous teacher as reported for one school year (the `teachers` format)."""

    code = models.CharField("код педагога", max_length=40)
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="teachers"
    )
    position = models.CharField("должность", max_length=100)
    subjects = models.CharField("предметы", max_length=500, blank=True)
    age = models.PositiveSmallIntegerField("возраст", null=True, blank=True)
    experience_years = models.PositiveSmallIntegerField("педагогический стаж", null=True, blank=True)
    category = models.CharField(
        "квалификационная категория", max_length=20, choices=Category.choices, blank=True
    )
    mentor = models.ForeignKey(
        "self",
        verbose_name="наставник",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentees",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "педагог"
        verbose_name_plural = "педагоги"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "school_year"], name="unique_teacher_per_year")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def subject_list(self) -> list[str]:
        return [s.strip() for s in self.subjects.split(";") if s.strip()]


class CourseKind(models.TextChoices):
    COURSE = "course", "курсы"
    DIAGNOSTICS = "diagnostics", "диагностика"


class TeacherCourse(models.Model):
    """A PD course or a competence diagnostics of a teacher (the `courses` format)."""

    teacher_code = models.CharField("код педагога", max_length=40, db_index=True)
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="teacher_courses"
    )
    kind = models.CharField("вид", max_length=20, choices=CourseKind.choices)
    title = models.CharField("наименование", max_length=500)
    hours = models.PositiveSmallIntegerField("часы", null=True, blank=True)
    date = models.DateField("дата")
    result_percent = models.DecimalField(
        "результат, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    deficits = models.TextField("дефициты", blank=True)
    batch = models.ForeignKey(
        "core.Batch", verbose_name="пакет загрузки", on_delete=models.CASCADE, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "курс или диагностика педагога"
        verbose_name_plural = "курсы и диагностика педагогов"
        ordering = ["teacher_code", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher_code", "kind", "title", "date"], name="unique_teacher_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher_code}: {self.title}"
