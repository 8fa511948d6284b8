"""The ranking as a table: its columns, formula-injection escaping and a streamed CSV.

Shared by the API's CSV, the report's downloads and `export_rankings`, so that every
export of a ranking has the same columns and the same protection. It carries no
respondent names: only figures about influencers.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet
from django.utils.text import slugify

from identification.models import RankingEntry, RankingRun, Study
from identification.text import ascii_filename

# Each column of the file, and the queryset value it is read from.
_FIELDS = (
    ("rank", "rank"),
    ("rank_low", "rank_low"),
    ("rank_high", "rank_high"),
    ("external_id", "influencer__external_id"),
    ("name", "influencer_name"),
    ("category", "influencer__category__name"),
    ("family", "influencer__category__family"),
    ("mode", "mode"),
    ("direction", "direction"),
    ("score", "score"),
    ("reach_respondents", "reach_respondents"),
    ("reach_organizations", "reach_organizations"),
    ("unreviewed", "unreviewed"),
)
COLUMNS = tuple(column for column, _ in _FIELDS)
# The values behind COLUMNS, then the per-stage scores.
_VALUES = (*(value for _, value in _FIELDS), "stage_scores")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows per chunk of the streamed file, and per database fetch: memory stays flat.
CHUNK_ROWS = 1000


def stage_column(stage_name: str) -> str:
    """`score_` + the stage's slug: "Solution scoping" -> "score_solution_scoping"."""
    return "score_" + slugify(stage_name).replace("-", "_")


def header(stage_names: Sequence[str]) -> list[str]:
    return [*COLUMNS, *(stage_column(name) for name in stage_names)]


def escape(value):
    """A text cell that a spreadsheet would run as a formula is prefixed with a quote;
    numbers, booleans and other text are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(entries: QuerySet[RankingEntry], *, stage_names: Sequence[str]) -> Iterator[list]:
    """Each entry as a list of cells in `header(stage_names)` order, escaped.

    `entries` must carry the `unreviewed` annotation (selectors.rankings.ranking_queryset).
    """
    for values in entries.values_list(*_VALUES).iterator(chunk_size=CHUNK_ROWS):
        *cells, stage_scores = values
        stage_scores = stage_scores or {}
        cells.extend(float(stage_scores.get(name, 0.0)) for name in stage_names)
        yield [escape("" if cell is None else cell) for cell in cells]


class _Line:
    """A file-like object whose write returns what it was given (csv.writer into a stream)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(table_rows: Iterable[list], *, columns: Sequence[str]) -> Iterator[str]:
    """The CSV text of a header and rows, in chunks of CHUNK_ROWS lines."""
    writer = csv.writer(_Line())
    yield writer.writerow(columns)
    chunk = []
    for row in table_rows:
        chunk.append(writer.writerow(row))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def ranking_csv(entries: QuerySet[RankingEntry], *, stage_names: Sequence[str]) -> Iterator[str]:
    """The whole ranking as CSV text, streamed."""
    return csv_chunks(rows(entries, stage_names=stage_names), columns=header(stage_names))


def download_name(*, study: Study, run: RankingRun, extension: str) -> str:
    """A safe ASCII file name from the study's slug and the run, never from free text."""
    slug = ascii_filename(study.slug, fallback="study", suffix="")
    return f"influencer50-{slug}-run-{run.pk}-ranking.{extension}"
