"""Column headers of the import formats (shared/spec/data-formats.md).

Kept in one place so that every generated frame carries exactly the headers the real importers
read, and the frames can be written to CSV and loaded as a specialist would.
"""

ORG = "Код ОО"
CLASS = "Класс"
PARTICIPANT = "Код участника"
VARIANT = "Вариант"
TOTAL = "Сумма баллов"
MARK = "Отметка"
JOURNAL_MARK = "Отметка по журналу"
SEX = "Пол"
EXAM = "Экзамен"
SUBJECT = "Предмет"
PRIMARY = "Первичный балл"
TEST_SCORE = "Тестовый балл"
ANNUAL_MARK = "Годовая отметка"
MEDAL = "Претендент на медаль"
PERIOD = "Период"
STAGE = "Этап"
POINTS = "Баллы"
MAX_POINTS = "Максимальный балл"
STATUS = "Статус"
TEACHER = "Код педагога"
KIND = "Вид"
TITLE = "Наименование"
HOURS = "Часы"
DATE = "Дата"
RESULT = "Результат, %"
DEFICITS = "Дефициты"

GIA_HEADERS = (EXAM, SUBJECT, ORG, PARTICIPANT, CLASS, PRIMARY, TEST_SCORE, MARK, ANNUAL_MARK, MEDAL)
MARKS_HEADERS = (ORG, PARTICIPANT, CLASS, SUBJECT, PERIOD, MARK)
OLYMPIAD_HEADERS = (STAGE, SUBJECT, ORG, PARTICIPANT, CLASS, POINTS, MAX_POINTS, STATUS)
COURSES_HEADERS = (TEACHER, KIND, TITLE, HOURS, DATE, RESULT, DEFICITS)
