"""Results of procedures for the demo world: ВПР, ГИА, журнал, ВсОШ and teachers' courses.

Everything is drawn from the latent traits of `DemoWorld` through one item-response model
(`model`), so that the analytics find what a real municipality shows: a strong gymnasium and
weak rural schools, journal marks a little above the ВПР mark, medal candidates who do not
confirm the medal, olympiad winners from the strong schools. The frames carry exactly the
headers of the import formats (`headers`), so the real importers can load them; the latent
values the tests need come back separately in `DemoTruths`.
"""

from msoko.demo.results.generate import DemoResults, DemoTruths, generate_results
from msoko.demo.results.headers import COURSES_HEADERS, GIA_HEADERS, MARKS_HEADERS, OLYMPIAD_HEADERS
from msoko.demo.results.vpr import WorkSpec

__all__ = [
    "COURSES_HEADERS",
    "GIA_HEADERS",
    "MARKS_HEADERS",
    "OLYMPIAD_HEADERS",
    "DemoResults",
    "DemoTruths",
    "WorkSpec",
    "generate_results",
]
