"""Users with roles, school years and the audit log."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    SPECIALIST = "specialist", "Специалист управления образования"
    METHODOLOGIST = "methodologist", "Методист"
    SCHOOL = "school", "Образовательная организация"


class User(AbstractUser):
    """A person who logs in; `school` users are bound to one organisation."""

    #: a new account has no role, so no access, until an administrator gives it one
    role = models.CharField("роль", max_length=20, choices=Role.choices, blank=True, default="")
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="school") | models.Q(organization__isnull=False),
                name="school_user_has_organization",
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.SCHOOL and self.organization_id is None:
            raise ValidationError({"organization": "Пользователь ОО должен быть привязан к организации."})

    @property
    def sees_all_organizations(self) -> bool:
        return self.is_superuser or self.role in (Role.ADMIN, Role.SPECIALIST, Role.METHODOLOGIST)

    @property
    def can_manage_registry(self) -> bool:
        return self.is_superuser or self.role in (Role.ADMIN, Role.SPECIALIST)

    @property
    def can_view_audit(self) -> bool:
        return self.is_superuser or self.role in (Role.ADMIN, Role.SPECIALIST)

    @property
    def can_upload_results(self) -> bool:
        """Registry managers load any organisation's results; a school user only its own
        (the upload refuses rows of other organisations). Methodologists only read."""
        if not self.is_active:
            return False
        return self.can_manage_registry or (self.role == Role.SCHOOL and self.organization_id is not None)


_YEAR_RE = re.compile(r"^\s*(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})\s*$")


def parse_school_year(text: str) -> str | None:
    """Normalise «2024/2025», «2024-2025» or «2024/25» to «2024/2025»; None if not a school year."""
    match = _YEAR_RE.match(text or "")
    if not match:
        return None
    start = int(match.group(1))
    end_text = match.group(2)
    end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
    if len(end_text) == 2 and end < start:  # 1999/00
        end += 100
    if end != start + 1:
        return None
    return f"{start}/{end}"


class SchoolYear(models.Model):
    """A school year «2024/2025»; a spring procedure belongs to the year that ends then."""

    name = models.CharField("учебный год", max_length=9, unique=True)
    start_year = models.PositiveSmallIntegerField("год начала", unique=True)
    #: when `msoko cleanup` removed the year's pupil-level rows (MSOKO_STUDENT_DATA_YEARS): the
    #: computed figures stay, nothing is recomputed or loaded into the year any more
    student_data_removed = models.DateField("данные обучающихся удалены", null=True, blank=True)

    class Meta:
        verbose_name = "учебный год"
        verbose_name_plural = "учебные годы"
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def start_of(cls, day: dt.date) -> int:
        """The start year of the school year ``day`` falls in (a year runs September–August)."""
        return day.year if day.month >= 9 else day.year - 1

    @classmethod
    def get_by_name(cls, text: str) -> SchoolYear:
        """Return (creating if needed) the year named in any accepted spelling."""
        name = parse_school_year(text)
        if name is None:
            raise ValueError(f"ожидается учебный год вида 2024/2025, получено «{text}»")
        year, _ = cls.objects.get_or_create(name=name, defaults={"start_year": int(name[:4])})
        return year

    @classmethod
    def named(cls, text: str) -> SchoolYear:
        """The stored year, or an unsaved one of that name: reading and checking a file never
        creates a year; only a write that keeps data (``get_by_name``) does."""
        name = parse_school_year(text)
        if name is None:
            raise ValueError(f"ожидается учебный год вида 2024/2025, получено «{text}»")
        return cls.objects.filter(name=name).first() or cls(name=name, start_year=int(name[:4]))


class AuditAction(models.TextChoices):
    LOGIN = "login", "Вход"
    LOGIN_FAILED = "login_failed", "Неудачная попытка входа"
    LOGOUT = "logout", "Выход"
    IMPORT = "import", "Импорт"
    IMPORT_REJECTED = "import_rejected", "Импорт отклонён"
    CREATE = "create", "Создание"
    UPDATE = "update", "Изменение"
    DELETE = "delete", "Удаление"
    EXPORT = "export", "Выгрузка"
    DEMO_LOADED = "demo_loaded", "Загрузка демо-данных"
    USER_CREATED = "user_created", "Создание пользователя"
    PASSWORD_CHANGED = "password_changed", "Смена пароля"


class AuditEvent(models.Model):
    """Who did what and when; written in the same transaction as the action itself."""

    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name="кто", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("логин", max_length=150, blank=True)
    action = models.CharField("действие", max_length=30, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("объект", max_length=60, blank=True)
    object_id = models.CharField("идентификатор", max_length=64, blank=True)
    summary = models.CharField("описание", max_length=500)
    details = models.JSONField("подробности", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP-адрес", null=True, blank=True)

    class Meta:
        verbose_name = "запись журнала действий"
        verbose_name_plural = "журнал действий"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_name or 'система'}: {self.summary}"


class ImportStatus(models.TextChoices):
    ACCEPTED = "accepted", "загружен"
    REJECTED = "rejected", "отклонён"


class ImportRecord(models.Model):
    """One upload of a file: kept by content hash so it can be downloaded or replayed."""

    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name="кто", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField("вид данных", max_length=30, db_index=True)
    filename = models.CharField("имя файла", max_length=255)
    sha256 = models.CharField("контрольная сумма SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("размер, байт")
    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name="учебный год",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField("итог", max_length=10, choices=ImportStatus.choices)
    rows = models.PositiveIntegerField("строк", default=0)
    summary = models.JSONField("итоги", default=dict, blank=True)

    class Meta:
        verbose_name = "загрузка файла"
        verbose_name_plural = "загрузки файлов"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class Batch(models.Model):
    """The rows one import brought in; a later import of the same key replaces them."""

    kind = models.CharField("вид данных", max_length=30)
    #: what the rows are of, in words («ВПР, Математика, 5 класс, 2024/2025»)
    title = models.CharField("данные", max_length=200, blank=True)
    #: the import's arguments besides the file (the procedure of a `results` batch, the year …)
    params = models.JSONField("параметры загрузки", default=dict, blank=True)
    school_year = models.ForeignKey(
        SchoolYear, null=True, blank=True, verbose_name="учебный год", on_delete=models.PROTECT
    )
    import_record = models.ForeignKey(
        "ImportRecord",
        null=True,
        blank=True,
        verbose_name="загрузка файла",
        on_delete=models.SET_NULL,
        related_name="batches",
    )
    created_at = models.DateTimeField("загружено", auto_now_add=True)
    rows = models.PositiveIntegerField("строк загружено", default=0)
    organizations = models.PositiveIntegerField("организаций", default=0)
    quarantined = models.PositiveIntegerField("строк в карантине", default=0)

    class Meta:
        db_table = "assessments_batch"  # created by the assessments app before the model moved here
        verbose_name = "пакет загрузки"
        verbose_name_plural = "пакеты загрузки"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Пакет №{self.pk} ({self.title or self.kind})"


class QuarantineRow(models.Model):
    """An invalid row kept whole, with its errors, for the user to correct and load again."""

    batch = models.ForeignKey(
        Batch, verbose_name="пакет загрузки", on_delete=models.CASCADE, related_name="quarantine"
    )
    row = models.PositiveIntegerField("строка файла")
    values = models.JSONField("значения")  # header → cell text, as in the file
    # the file's headers in their order (PostgreSQL's jsonb does not keep the keys' order)
    headers = models.JSONField("заголовки", default=list)
    # who the row is about, as written, so that a corrected file can be matched to it
    org_code = models.CharField("код ОО", max_length=40, blank=True)
    participant_code = models.CharField("код участника", max_length=40, blank=True)
    errors = models.JSONField("ошибки")  # ["столбец «…»: сообщение", …]
    resolved = models.BooleanField("исправлена", default=False)

    class Meta:
        db_table = "assessments_quarantinerow"  # created by the assessments app, as above
        verbose_name = "строка в карантине"
        verbose_name_plural = "карантин"
        ordering = ["batch", "row"]

    def __str__(self) -> str:
        return f"строка {self.row} пакета №{self.batch_id}"
