"""Scale benchmark of linking: `python -m warwatch.link.bench [N ...]`.

Links N synthetic reports (default 50,000 then 100,000) spread over a year and 50
countries and prints seconds (wall clock and CPU), reports/s and the process's peak
resident memory, so that the two sizes show how cost grows (CPU time is the steadier
figure on a machine shared with other work). Each synthetic incident is told by one to four
documents whose places, dates, tolls and evidence wording vary as real reprints do;
one report in twenty has no place. Seeded: the same N gives the same reports.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from datetime import date, timedelta

from ..bench import peak_rss_mb
from ..models import Claim, ClaimKind, Evidence, Place, Report, TimeSpan, Victims
from . import link_reports

COUNTRIES = 50
TOWNS_PER_COUNTRY = 40
YEAR_START = date(2023, 1, 1)
_SUBS = (
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    (None, None),
)


def _words(text: str) -> list[str]:
    return text.split()


_FIRST = _words("Ahmed Maria John Fatima Ali Olga Samuel Grace Omar Lina Peter Aisha David Nour Ivan Sara")
_LAST = _words("Haddad Okafor Smith Petrenko Rahman Silva Mensah Novak Karimi Duarte Osei Kowalski Nasser Tran")
_STREETS = _words("Market Station Mill Hospital River Garden Church School Bridge Harbour Airport Cedar")
_VERBS = ("was killed in", "died in", "was wounded in", "was hit in")
_KINDS = ("an air strike", "shelling", "a shooting", "an explosion", "clashes", "an attack")


def _town(rng: random.Random, country: int) -> Place:
    town = rng.randrange(TOWNS_PER_COUNTRY)
    lat = -40 + country * 1.6 + (town % 8) * 0.35
    lon = -100 + country * 4.0 + (town // 8) * 0.35
    return Place(
        f"Town {country}-{town}",
        country=f"Country {country}",
        admin1=f"Province {country}-{town // 8}",
        lat=lat,
        lon=lon,
        geo_precision=1,
    )


def _story(rng: random.Random, killed: int) -> str:
    who = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}, {rng.randrange(16, 80)},"
    street = f"{rng.choice(_STREETS)} Street"
    return f"{who} {rng.choice(_VERBS)} {rng.choice(_KINDS)} on {street} where {killed} people died"


def synthetic_reports(n: int, *, seed: int = 1) -> list[Report]:
    rng = random.Random(seed)
    reports: list[Report] = []
    incident = 0
    while len(reports) < n:
        incident += 1
        country = rng.randrange(COUNTRIES)
        place = _town(rng, country)
        day = YEAR_START + timedelta(days=rng.randrange(365))
        event_type, sub = rng.choice(_SUBS)
        killed = rng.randrange(1, 30)
        story = _story(rng, killed)
        for copy in range(rng.randint(1, 4)):
            if len(reports) >= n:
                break
            doc_id = f"doc-{incident}-{copy}"
            words = story.split()
            if copy and rng.random() < 0.5:
                words = words[: rng.randrange(6, len(words))]  # a shorter rewrite
            quote = f"{' '.join(words)}, officials said."
            when = day + timedelta(days=rng.choice((0, 0, 0, 1, -1)))
            ev = Evidence(doc_id, 0, len(quote), quote)
            reports.append(
                Report(
                    doc_id=doc_id,
                    index=0,
                    event_type=event_type,
                    sub_event_type=sub,
                    scope="acled" if event_type else "other",
                    place=None if rng.random() < 0.05 else place,
                    when=TimeSpan(when, when, 1),
                    claims=[Claim(ClaimKind.KILLED, Victims.UNKNOWN, low=killed, best=killed, evidence=ev)],
                    evidence=[ev],
                    salience=1.0,
                )
            )
    return reports


def run(sizes: Sequence[int]) -> list[tuple[int, float, float, int, float]]:
    """(reports, seconds, CPU seconds, incidents, peak RSS MiB) per size, printed as they come."""
    out = []
    for n in sizes:
        reports = synthetic_reports(n)
        start, start_cpu = time.perf_counter(), time.process_time()
        incidents = link_reports(reports)
        seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        rss = peak_rss_mb()
        print(
            f"{n:>8,} reports  {seconds:7.1f} s  CPU {cpu:7.1f} s  {n / seconds:9,.0f} reports/s  "
            f"{len(incidents):>8,} incidents  peak RSS {rss:,.0f} MiB",
            flush=True,
        )
        out.append((n, seconds, cpu, len(incidents), rss))
    return out


def _size(text: str) -> int:
    """A benchmark size: a whole number of reports, at least one."""
    try:
        n = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of reports; give e.g. 50000") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give at least one report")
    return n


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m warwatch.link.bench",
        description="Link N synthetic incident reports and print reports/s and peak RSS for each N.",
    )
    parser.add_argument(
        "sizes", nargs="*", type=_size, default=[50_000, 100_000], metavar="N", help="reports (default 50000 100000)"
    )
    results = run(parser.parse_args(argv).sizes)
    if len(results) >= 2:
        (n1, s1, c1, _, _), (n2, s2, c2, _, _) = results[0], results[-1]
        print(f"time ratio {s2 / s1:.2f} (CPU {c2 / c1:.2f}) for a size ratio of {n2 / n1:.2f}")


if __name__ == "__main__":
    main()
