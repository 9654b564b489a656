"""The `msoko` command (spec/cli.md): parses arguments, calls services, prints. No logic here.

Exit codes: 0 success; 1 the input was rejected (errors printed in Russian, one per line,
nothing written); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from msoko import cli_messages

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong arguments discovered after parsing (e.g. an unknown school year spelling)."""


class Rejected(Exception):
    """The input was rejected; the lines are printed as they are."""

    def __init__(self, lines: Sequence[str]):
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoko.config.settings")
    import django

    django.setup()


def _ensure_schema(verbosity: int = 0) -> None:
    """Every command creates or migrates the schema on first use (spec/cli.md)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if verbosity or executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=verbosity)


def _read_file(path: str) -> bytes:
    from msoko.core.uploads import upload_size_problem

    file = Path(path)
    if not file.is_file():
        raise Rejected([f"файл «{path}» не найден"])
    problem = upload_size_problem(file.stat().st_size)  # before reading it into memory
    if problem:
        raise Rejected([f"файл «{path}»: {problem} (MSOKO_MAX_UPLOAD_MB). Ничего не записано."])
    return file.read_bytes()


def _school_year(text: str):  # -> SchoolYear
    """A stored school year (exports and recomputes never create one)."""
    from msoko.core.models import SchoolYear

    try:
        year = SchoolYear.named(text)
    except ValueError as error:
        raise UsageError(f"--year: {error}") from error
    if year.pk is None:
        known = list(SchoolYear.objects.order_by("start_year").values_list("name", flat=True))
        listed = f"есть: {', '.join(known)}" if known else "в базе пока нет ни одного учебного года"
        raise Rejected([f"учебный год {year.name} не найден: данных за него нет ({listed})"])
    return year


def cmd_migrate(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    _ensure_schema(verbosity=1)
    if settings.PRODUCTION:  # the static files with their hashed names, served by WhiteNoise
        call_command("collectstatic", interactive=False, verbosity=0)
        print("Статические файлы собраны.")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import subprocess

    from django.conf import settings

    from msoko.config.server import serve

    worker = None
    if args.with_worker and settings.MSOKO_TASKS != "database":
        raise UsageError("--with-worker нужен режим MSOKO_TASKS=database")
    _refuse_busy_port(args.host, args.port)
    if args.with_worker:
        worker = subprocess.Popen([sys.executable, "-m", "msoko", "worker"])
        print("МСОКО: фоновый обработчик пересчётов запущен.", flush=True)
    print(f"МСОКО: сайт работает на http://{args.host}:{args.port}/ (остановить: Ctrl+C)", flush=True)
    try:
        serve(host=args.host, port=args.port, workers=args.workers)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
    return EXIT_OK


def _refuse_busy_port(host: str, port: int) -> None:
    """A port another program holds is said in Russian before anything starts (gunicorn would
    retry and log «Connection in use» in English after the site was announced)."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise Rejected(
                [
                    f"порт {port} на {host} занят другой программой ({error.strerror}).",
                    f"Остановите её или выберите другой порт: make run PORT={port + 1} "
                    f"(или msoko serve --port {port + 1}). Ничего не запущено.",
                ]
            ) from error


def cmd_backup(args: argparse.Namespace) -> int:
    from msoko.core.backup import write_backup

    files = write_backup(Path(args.output))
    print(f"Резервная копия записана: {args.output} (база данных и загруженных файлов {files}).")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from msoko.core.backup import BackupRefused, restore_backup

    if not Path(args.file).is_file():
        raise Rejected([f"файл «{args.file}» не найден"])
    try:
        restored = restore_backup(Path(args.file), replace=args.replace)
    except BackupRefused as error:
        raise Rejected([str(error), "Ничего не изменено."]) from error
    print(f"Восстановлено из {args.file}: загрузок в истории {restored.records}, файлов {restored.files}.")
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the queued recomputes (django-tasks-db's worker); ``--until-empty`` then exits."""
    import socket

    from django.conf import settings
    from django.core.management import call_command

    if settings.MSOKO_TASKS != "database":
        raise UsageError("очередь не используется: задайте MSOKO_TASKS=database")
    from msoko.core.tasks import ensure_cleanup_scheduled, next_cleanup_at
    from msoko.pipeline.tasks import recover_stale_runs

    for run in recover_stale_runs():
        print(f"Пересчёт после сбоя поставлен в очередь: №{run.pk} ({run.school_year or 'все годы'}).")
    if ensure_cleanup_scheduled() and not args.until_empty:
        print(
            "Очистка по срокам хранения (msoko cleanup) — ежедневно, "
            f"следующая {next_cleanup_at():%d.%m.%Y %H:%M}."
        )
    if not args.until_empty:
        print("МСОКО: обработчик пересчётов ждёт задания (остановить: Ctrl+C).", flush=True)
    call_command(
        "db_worker",
        batch=args.until_empty,
        reload=False,
        interval=args.interval,
        startup_delay=not args.until_empty,
        worker_id=f"{socket.gethostname()}:{os.getpid()}"[:64],
        verbosity=0 if args.until_empty else 1,
    )
    return EXIT_OK


def cmd_createuser(args: argparse.Namespace) -> int:
    from msoko.registry.accounts import UserRejected, create_user

    password = args.password or os.environ.get("MSOKO_PASSWORD")
    generated = False
    if not password:
        if sys.stdin.isatty():
            password = getpass.getpass("Пароль: ")
            if password != getpass.getpass("Пароль ещё раз: "):
                raise Rejected(["пароли не совпадают"])
        else:
            password, generated = secrets.token_urlsafe(12), True
    try:
        user = create_user(login=args.login, role=args.role, org_code=args.org, password=password, actor=None)
    except UserRejected as error:
        raise Rejected(error.messages) from error
    print(f"Пользователь «{user.username}» создан, роль: {user.get_role_display()}.")
    if generated:
        print(f"Пароль: {password}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from msoko.demo.services import data_present, demo_allowed, load_demo

    if not demo_allowed():
        raise Rejected(["демо-данные не загружаются в режиме production (MSOKO_ENV=production)"])
    present = data_present()
    if present and not args.replace:
        print(
            f"В базе уже есть данные ({present}): они сохранены, демо-данные не загружались. "
            "Пересоздать демо-муниципалитет: msoko demo --replace."
        )
        return EXIT_OK
    if present:
        print(
            "Внимание: демо-муниципалитет, его загрузки и демо-пользователи будут удалены и созданы "
            "заново; данные других муниципалитетов не затрагиваются.",
            flush=True,
        )
    result = load_demo(seed=args.seed, progress=_progress_printer())
    for line in result.lines():
        print(line)
    return EXIT_OK


def _progress_printer(steps: int = 0) -> Callable[[str], None]:
    """A bar of the work's steps on a terminal; silent when stdout is not a terminal."""
    tty = sys.stdout.isatty()
    done = 0

    def show(step: str) -> None:
        nonlocal done
        if not tty:
            return
        done += 1
        if steps:
            filled = round(20 * min(done, steps) / steps)
            print(f"\r[{'█' * filled}{'░' * (20 - filled)}] {step:<40}", end="", flush=True)
            if done >= steps:
                print("\r" + " " * 64 + "\r", end="", flush=True)
        else:
            print(f"… {step}", flush=True)

    return show


def _print_import(report) -> None:
    for line in report.lines():
        print(line)


def _run_import(load: Callable[[], object]) -> int:
    from msoko.core.imports import ImportRejected

    try:
        report = load()
    except ImportRejected as error:
        lines = [str(p) for p in error.problems]
        if error.total > len(error.problems):
            lines.append(f"… и ещё ошибок: {error.total - len(error.problems)}")
        lines.append(f"Файл отклонён: ошибок {error.total}. Ничего не записано.")
        raise Rejected(lines) from error
    _print_import(report)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Any kind of the import registry: the file and the kind's parameters, as declared."""
    from msoko.core.imports.kinds import import_kind
    from msoko.core.imports.run import run_import

    kind = import_kind(args.import_kind)
    content = _read_file(args.file)
    params = {}
    for param in kind.params:
        value = getattr(args, param.name, None) if param.cli else None
        if value is None:
            continue
        params[param.name] = _param_value(param, value)
    return _run_import(
        lambda: run_import(
            kind.code,
            content=content,
            filename=Path(args.file).name,
            params=params,
            actor=None,
            progress=_progress_printer(steps=3),
        )
    )


def _param_value(param, value: object) -> object:
    from msoko.core.models import parse_school_year

    if param.type == "year":
        name = parse_school_year(str(value))
        if name is None:
            raise UsageError(f"{param.flag}: ожидается учебный год вида 2024/2025, получено «{value}»")
        return name
    if param.type == "percent":
        if not 0 <= float(value) <= 100:
            raise UsageError(f"{param.flag}: ожидается число от 0 до 100")
        return float(value) / 100
    if param.type == "text":
        return str(value).strip()
    return value


def cmd_import_replay(args: argparse.Namespace) -> int:
    from msoko.core.imports.replay import replay_import

    return _run_import(lambda: replay_import(record_id=args.record, actor=None))


def cmd_cleanup(args: argparse.Namespace) -> int:
    from msoko.core.tasks import run_cleanup

    for line in run_cleanup():
        print(line)
    return EXIT_OK


def cmd_compute(args: argparse.Namespace) -> int:
    from msoko.pipeline.runs import recompute_now

    year = _school_year(args.year) if args.year else None
    if year is not None and year.student_data_removed is not None:
        print(
            f"Учебный год {year.name} закрыт: данные обучающихся удалены "
            f"{year.student_data_removed:%d.%m.%Y} по сроку хранения, показатели сохранены без пересчёта."
        )
        return EXIT_OK
    run = recompute_now(school_year=year, reason="msoko compute")
    print(
        f"Пересчёт №{run.pk}: {run.get_status_display()}, значений показателей {run.values}, "
        f"флагов {run.flags}."
    )
    return EXIT_OK


def _write_table(frame, args: argparse.Namespace, *, what: str) -> int:
    """CSV to stdout or -o, XLSX to -o (spec/cli.md «Exit codes and output»)."""
    from msoko.core.exports import audit_export, csv_bytes, write_xlsx

    if args.format == "xlsx":
        if not args.output:
            raise UsageError("--format xlsx требует -o ФАЙЛ")
        write_xlsx(frame, Path(args.output))
    elif args.output:
        Path(args.output).write_bytes(csv_bytes(frame, decimal=args.decimal))
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(csv_bytes(frame, decimal=args.decimal))
        sys.stdout.buffer.flush()
    audit_export(actor=None, what=what, rows=frame.height, details={"file": args.output or "stdout"})
    return EXIT_OK


def cmd_indicators_list(args: argparse.Namespace) -> int:
    import polars as pl

    from msoko.indicators.catalogue import CATALOGUE

    frame = pl.DataFrame(
        {
            "Код": [i.code for i in CATALOGUE],
            "Направление": [i.direction for i in CATALOGUE],
            "Наименование": [i.title for i in CATALOGUE],
            "Единица": [str(i.unit.value) for i in CATALOGUE],
            "Полярность": [str(i.polarity.value) for i in CATALOGUE],
            "Источник": [str(i.source.value) for i in CATALOGUE],
        }
    )
    if args.format == "csv":
        return _write_table(frame, args, what="каталог показателей")
    for row in frame.iter_rows(named=True):
        print(f"{row['Код']:<45} {row['Направление']:>2}  {row['Наименование']} ({row['Единица']})")
    return EXIT_OK


def cmd_indicators_doc(args: argparse.Namespace) -> int:
    from msoko.directions.indicator_docs import catalogue_markdown

    text = catalogue_markdown()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Каталог показателей записан: {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_export_indicators(args: argparse.Namespace) -> int:
    from msoko.indicators.selectors import indicators_export_frame

    year = _school_year(args.year)
    return _write_table(
        indicators_export_frame(school_year_name=year.name), args, what=f"показатели за {year.name}"
    )


def cmd_export_flags(args: argparse.Namespace) -> int:
    from msoko.flags.selectors import flags_export_frame

    year = _school_year(args.year)
    return _write_table(flags_export_frame(school_year_name=year.name), args, what=f"флаги за {year.name}")


def cmd_export_deficits(args: argparse.Namespace) -> int:
    from msoko.assessments.models import Procedure
    from msoko.core.models import parse_school_year
    from msoko.directions.achievement.deficits import deficits_export_frame
    from msoko.registry.models import Organization

    year = parse_school_year(args.year)
    if year is None:
        raise UsageError(f"--year: ожидается учебный год вида 2024/2025, получено «{args.year}»")
    procedure = Procedure.objects.filter(
        kind=args.procedure,
        subject=args.subject.strip(),
        grade=args.grade,
        school_year__name=year,
        scheme__isnull=False,
    ).first()
    if procedure is None:
        raise Rejected(
            [f"процедура «{args.procedure}, {args.subject}, {args.grade} класс, {year}» не найдена"]
        )
    if args.org and not Organization.objects.filter(code=args.org).exists():
        raise Rejected([f"организация с кодом «{args.org}» не найдена в реестре"])
    frame = deficits_export_frame(procedure, level=args.level, org_code=args.org)
    return _write_table(frame, args, what=f"дефициты: {procedure}, уровень {args.level}")


def cmd_export_roadmap(args: argparse.Namespace) -> int:
    """Every activity of every road map (spec/cli.md); DOCX: a table per road map."""
    from msoko.roadmaps.selectors import roadmap_export_frame
    from msoko.roadmaps.services import today

    frame = roadmap_export_frame(today=today())
    if args.format != "docx":
        return _write_table(frame, args, what="дорожные карты")
    from msoko.core.exports import audit_export
    from msoko.roadmaps.docx_export import roadmaps_docx

    if not args.output:
        raise UsageError("--format docx требует -o ФАЙЛ")
    Path(args.output).write_bytes(roadmaps_docx(frame))
    audit_export(actor=None, what="дорожные карты (DOCX)", rows=frame.height, details={"file": args.output})
    return EXIT_OK


def cmd_export_public(args: argparse.Namespace) -> int:
    """Exactly the table of the public page (spec/cli.md): small groups suppressed."""
    from msoko.publication.selectors import public_frame

    year = _school_year(args.year)
    return _write_table(
        public_frame(school_year_name=year.name), args, what=f"открытые данные за {year.name}"
    )


def _document_path(args: argparse.Namespace, formats: tuple[str, ...]) -> str:
    from msoko.documents.common import extension_of

    if extension_of(args.output) not in formats:
        shown = ", ".join(f".{f}" for f in formats)
        raise UsageError(f"-o: расширение файла определяет формат ({shown}), получено «{args.output}»")
    return args.output


def _procedure_for(kind: str, subject: str, grade: int | None, year_text: str):
    from msoko.assessments.models import Procedure

    year = _school_year(year_text)
    procedure = Procedure.objects.filter(
        kind=kind, subject=subject.strip(), grade=grade, school_year=year
    ).first()
    if procedure is None:
        grade_text = f", {grade} класс" if grade else ""
        raise Rejected([f"процедура «{kind}, {subject}{grade_text}, {year.name}» не найдена"])
    return procedure


def _check_org(code: str | None) -> None:
    from msoko.registry.models import Organization

    if code and not Organization.objects.filter(code=code).exists():
        raise Rejected([f"организация с кодом «{code}» не найдена в реестре"])


def _write_report(document, path: str, *, what: str) -> None:
    from msoko.documents.common import write_document
    from msoko.reports.documents.pdf import PdfUnavailable

    try:
        write_document(document, path, what=what)
    except PdfUnavailable as error:
        raise Rejected([str(error)]) from error


def cmd_report_procedure_note(args: argparse.Namespace) -> int:
    """The analytic note of a procedure as DOCX or PDF (spec/cli.md)."""
    from msoko.directions.achievement.page import NotVisible
    from msoko.documents.procedure_note import procedure_note

    path = _document_path(args, ("docx", "pdf"))
    procedure = _procedure_for(args.procedure, args.subject, args.grade, args.year)
    _check_org(args.school)
    try:
        document = procedure_note(procedure, org_code=args.school)
    except procedure.DoesNotExist as error:
        raise Rejected([f"у процедуры «{procedure}» нет описания работы (схемы)"]) from error
    except NotVisible as error:
        raise Rejected([f"у организации «{args.school}» нет результатов этой процедуры"]) from error
    _write_report(document, path, what=f"аналитическая справка: {procedure}")
    print(f"Справка записана: {path} (данные: {document.data_version})")
    return EXIT_OK


def cmd_report_gia_note(args: argparse.Namespace) -> int:
    from msoko.documents.gia_note import NoResults, gia_note

    path = _document_path(args, ("docx", "pdf"))
    procedure = _procedure_for(args.exam, args.subject, None, args.year)
    _check_org(args.school)
    try:
        document = gia_note(procedure, org_code=args.school)
    except NoResults as error:
        whose = f"у организации «{args.school}» " if args.school else ""
        raise Rejected([f"{whose}нет результатов экзамена «{procedure}»"]) from error
    _write_report(document, path, what=f"справка по ГИА: {procedure}")
    print(f"Справка записана: {path} (данные: {document.data_version})")
    return EXIT_OK


def cmd_report_kind(args: argparse.Namespace) -> int:
    from msoko.core.access import DEPARTMENT
    from msoko.documents.common import latest_year_with_data
    from msoko.documents.kinds import KINDS, build

    kind = KINDS[args.kind]
    path = _document_path(args, kind.formats)
    year = None
    if kind.needs_year:
        if args.year:
            year = _school_year(args.year)
        else:
            year = latest_year_with_data()
            if year is None:
                raise Rejected(["в базе пока нет ни одного учебного года"])
    _check_org(args.org)
    if kind.needs_org and not args.org:
        raise UsageError(f"{args.kind}: нужен --org КОД (код организации)")
    document = build(kind, year=year, org_code=args.org, viewer=DEPARTMENT)
    _write_report(document, path, what=kind.title)
    print(f"Документ записан: {path} (данные: {document.data_version})")
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse with Russian error lines; usage errors still exit with 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: ошибка: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    cli_messages.install()  # «использование:», «параметры», «показать эту справку и выйти»
    parser = _Parser(prog="msoko", description="МСОКО — муниципальная система оценки качества образования")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="КОМАНДА")

    commands.add_parser("migrate", help="создать или обновить схему базы данных").set_defaults(
        func=cmd_migrate
    )

    serve = commands.add_parser("serve", help="запустить сайт на 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--workers", type=int, default=2, help="процессов сайта (по умолчанию 2)")
    serve.add_argument(
        "--with-worker", action="store_true", help="запустить рядом обработчик пересчётов (msoko worker)"
    )
    serve.set_defaults(func=cmd_serve)

    backup = commands.add_parser("backup", help="резервная копия: база данных, загруженные файлы, опись")
    backup.add_argument("-o", "--output", required=True, help="файл архива (.tar.gz)")
    backup.set_defaults(func=cmd_backup)
    restore = commands.add_parser("restore", help="восстановить из резервной копии")
    restore.add_argument("file")
    restore.add_argument("--replace", action="store_true", help="заменить данные, которые уже есть в базе")
    restore.set_defaults(func=cmd_restore)

    worker = commands.add_parser("worker", help="выполнять пересчёты из очереди (MSOKO_TASKS=database)")
    worker.add_argument(
        "--until-empty", action="store_true", help="выполнить то, что в очереди, и завершиться"
    )
    worker.add_argument("--interval", type=float, default=1.0, help="пауза между проверками очереди, с")
    worker.set_defaults(func=cmd_worker)

    user = commands.add_parser("createuser", help="создать пользователя")
    user.add_argument("login")
    user.add_argument("--role", required=True, choices=["admin", "specialist", "methodologist", "school"])
    user.add_argument("--org", help="код ОО (обязателен для роли school)")
    user.add_argument("--password", help="пароль (иначе спросим или сгенерируем)")
    user.set_defaults(func=cmd_createuser)

    demo = commands.add_parser("demo", help="загрузить демонстрационный муниципалитет в пустую базу")
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument(
        "--replace", action="store_true", help="пересоздать демо-муниципалитет в базе, где уже есть данные"
    )
    demo.set_defaults(func=cmd_demo)

    imports = commands.add_parser("import", help="загрузить файл").add_subparsers(
        dest="kind", required=True, parser_class=_Parser, metavar="ВИД"
    )
    _add_import_commands(imports)

    commands.add_parser(
        "cleanup",
        help="удалить исходные файлы отклонённых загрузок старше MSOKO_REJECTED_FILES_DAYS дней "
        "и данные обучающихся старше MSOKO_STUDENT_DATA_YEARS учебных лет",
    ).set_defaults(func=cmd_cleanup)

    compute = commands.add_parser("compute", help="пересчитать все показатели")
    compute.add_argument("--year", help="учебный год, например 2024/2025 (по умолчанию все)")
    compute.set_defaults(func=cmd_compute)

    indicators = commands.add_parser("indicators", help="каталог показателей").add_subparsers(
        dest="action", required=True, parser_class=_Parser, metavar="ДЕЙСТВИЕ"
    )
    listing = indicators.add_parser(
        "list", help="код, направление, наименование, единица, полярность, источник"
    )
    listing.add_argument(
        "--format", choices=["text", "csv"], default="text", help="text — на экран, csv — для Excel"
    )
    _add_output_options(listing, formats=())
    listing.set_defaults(func=cmd_indicators_list)
    doc = indicators.add_parser("doc", help="каталог показателей в Markdown (docs/indicators.md)")
    doc.add_argument("-o", "--output")
    doc.set_defaults(func=cmd_indicators_doc)

    exports = commands.add_parser("export", help="выгрузить таблицу").add_subparsers(
        dest="what", required=True, parser_class=_Parser, metavar="ЧТО"
    )
    export_indicators = exports.add_parser("indicators", help="значения показателей за учебный год")
    export_indicators.add_argument("--year", required=True)
    _add_output_options(export_indicators)
    export_indicators.set_defaults(func=cmd_export_indicators)

    export_flags = exports.add_parser("flags", help="флаги школ за учебный год (необъективность и др.)")
    export_flags.add_argument("--year", required=True)
    _add_output_options(export_flags)
    export_flags.set_defaults(func=cmd_export_flags)

    export_deficits = exports.add_parser("deficits", help="выполнение заданий и дефициты по процедуре")
    export_deficits.add_argument("--procedure", required=True, choices=["ВПР", "НИКО", "РКР", "МОП"])
    export_deficits.add_argument("--subject", required=True)
    export_deficits.add_argument("--grade", required=True, type=int, choices=range(1, 12), metavar="1..11")
    export_deficits.add_argument("--year", required=True)
    export_deficits.add_argument(
        "--level", required=True, choices=["municipality", "school", "class", "student"]
    )
    export_deficits.add_argument("--org", help="код ОО (только эта организация)")
    _add_output_options(export_deficits)
    export_deficits.set_defaults(func=cmd_export_deficits)

    export_roadmap = exports.add_parser(
        "roadmap", help="мероприятия всех дорожных карт со сроками, ответственными и статусом"
    )
    _add_output_options(export_roadmap, formats=("csv", "xlsx", "docx"))
    export_roadmap.set_defaults(func=cmd_export_roadmap)

    export_public = exports.add_parser(
        "public", help="открытые данные за учебный год: ровно то, что показывает публичная страница"
    )
    export_public.add_argument("--year", required=True)
    _add_output_options(export_public)
    export_public.set_defaults(func=cmd_export_public)

    _add_report_commands(commands)
    _russian_metavars(parser)
    return parser


def _add_report_commands(commands: argparse._SubParsersAction) -> None:
    from msoko.documents.kinds import KINDS

    reports = commands.add_parser(
        "report", help="документ: аналитическая справка, профиль ОО, отчёт"
    ).add_subparsers(dest="kind", required=True, parser_class=_Parser, metavar="ДОКУМЕНТ")
    note = reports.add_parser("procedure-note", help="аналитическая справка по процедуре (DOCX или PDF)")
    note.add_argument("--procedure", required=True, choices=["ВПР", "НИКО", "РКР", "МОП"])
    note.add_argument("--subject", required=True)
    note.add_argument("--grade", required=True, type=int, choices=range(1, 12), metavar="1..11")
    note.add_argument("--year", required=True)
    note.add_argument("--school", help="код ОО: справка по одной организации")
    note.add_argument("-o", "--output", required=True, help="файл .docx или .pdf")
    note.set_defaults(func=cmd_report_procedure_note)

    gia = reports.add_parser("gia-note", help="аналитическая справка по экзамену ГИА (DOCX или PDF)")
    gia.add_argument("--exam", required=True, choices=["ОГЭ", "ЕГЭ", "ГВЭ"])
    gia.add_argument("--subject", required=True)
    gia.add_argument("--year", required=True)
    gia.add_argument("--school", help="код ОО: справка по одной организации")
    gia.add_argument("-o", "--output", required=True, help="файл .docx или .pdf")
    gia.set_defaults(func=cmd_report_gia_note)

    for kind in KINDS.values():
        command = reports.add_parser(kind.code, help=kind.help)
        if kind.needs_year:
            command.add_argument("--year", help="учебный год, например 2024/2025 (по умолчанию последний)")
        else:
            command.add_argument("--year", help=argparse.SUPPRESS)
        command.add_argument("--org", required=kind.needs_org, help="код ОО")
        formats = ", ".join(f".{f}" for f in kind.formats)
        command.add_argument("-o", "--output", required=True, help=f"файл: {formats}")
        command.set_defaults(func=cmd_report_kind)


#: the value placeholders of `--help` in Russian, by destination (argparse would print «YEAR»)
METAVARS = {
    "year": "ГОД",
    "output": "ФАЙЛ",
    "file": "ФАЙЛ",
    "org": "КОД",
    "port": "ПОРТ",
    "host": "АДРЕС",
    "workers": "N",
    "subject": "ПРЕДМЕТ",
    "login": "ЛОГИН",
    "role": "РОЛЬ",
    "record": "N",
    "password": "ПАРОЛЬ",
}


#: the help line of a common option that its command did not word itself
HELPS = {
    "year": "учебный год, например 2024/2025",
    "format": "формат: csv (для Excel) или xlsx (у export roadmap ещё docx)",
    "output": "файл, в который записать (без него — на экран)",
    "port": "порт (по умолчанию 8000)",
    "host": "адрес (по умолчанию 127.0.0.1)",
}


def _russian_metavars(parser: argparse.ArgumentParser) -> None:
    """Every option without its own placeholder or help gets a Russian one; subcommands too."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _russian_metavars(sub)
            continue
        if action.metavar is None and action.choices is None and action.nargs != 0:
            action.metavar = METAVARS.get(action.dest, "ЗНАЧЕНИЕ")
        if action.help is None and action.dest in HELPS:
            action.help = HELPS[action.dest]


def _add_output_options(
    command: argparse.ArgumentParser, *, formats: tuple[str, ...] = ("csv", "xlsx")
) -> None:
    """--format, --decimal and -o of a command that writes a table (spec/cli.md)."""
    if formats:
        command.add_argument("--format", choices=list(formats), default=formats[0])
    command.add_argument(
        "--decimal",
        choices=[",", "."],
        default=",",
        metavar="ЗНАК",
        help="десятичный знак в CSV: «,» (по умолчанию) или «.»",
    )
    command.add_argument("-o", "--output")


def _add_import_commands(imports: argparse._SubParsersAction) -> None:
    """One subcommand per kind of the import registry, with the kind's parameters."""
    from msoko.core.imports.kinds import import_kinds

    for kind in import_kinds():
        command = imports.add_parser(kind.code, help=kind.title, description=kind.description)
        command.add_argument("file", metavar="ФАЙЛ", help="файл " + ", ".join(kind.extensions))
        for param in kind.params:
            if param.cli:
                _add_param(command, param)
        command.set_defaults(func=cmd_import, import_kind=kind.code)
    replay = imports.add_parser("replay", help="повторить загрузку из истории (тот же файл, те же параметры)")
    replay.add_argument("record", type=int, help="номер загрузки в истории")
    replay.set_defaults(func=cmd_import_replay)


def _add_param(command: argparse.ArgumentParser, param) -> None:
    options: dict = {"dest": param.name, "help": param.help or param.label}
    if param.type == "flag":
        command.add_argument(param.flag, action="store_true", **options)
        return
    if param.type == "procedure":
        options["choices"] = list(param.choices)
    elif param.type == "grade":
        options |= {"type": int, "choices": range(1, 12), "metavar": "1..11"}
    elif param.type == "percent":
        options |= {"type": float, "default": (param.default or 0) * 100, "metavar": "ПРОЦЕНТ"}
    elif param.type == "int":
        options |= {"type": int, "metavar": "N"}
    elif param.type == "year":
        options["metavar"] = "ГОД"
    command.add_argument(param.flag, required=param.required, **options)


def main(argv: Sequence[str] | None = None) -> int:
    _setup_django()  # the import subcommands come from the apps' registry
    args = build_parser().parse_args(argv)
    if args.command != "migrate":  # `migrate` does it itself, loudly
        _ensure_schema()
    try:
        return args.func(args)
    except UsageError as error:
        print(f"msoko: ошибка: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Rejected as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        return EXIT_REJECTED


if __name__ == "__main__":
    sys.exit(main())
