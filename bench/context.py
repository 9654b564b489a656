"""Direction 2 on generated municipalities with known truth (`python -m bench.context`)."""

from __future__ import annotations

import time

SEEDS = tuple(range(1, 9))


def main() -> None:
    from msoko.demo.context_quality import quality

    started = time.perf_counter()
    table = quality(SEEDS)
    print(f"ШНОР, ШФНСУ, резильентные школы: {len(SEEDS)} × 300 сгенерированных школ")
    print(f"{'мера':<46}{'значение':>10}{'школ':>7}")
    for measure, value, schools in table.iter_rows():
        print(f"{measure:<46}{value:>10.2f}{schools:>7}")
    print(f"(расчёт {time.perf_counter() - started:.1f} с)")


if __name__ == "__main__":
    main()
