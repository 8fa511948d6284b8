"""The diffusion data sets the ranking is checked on, and where their files are.

The files live outside the repository, in `<project>/../shared/validation/` (see its
README.md); ``INFLUENCER50_VALIDATION_DATA`` points elsewhere. From a linked git worktree
the main checkout's `../shared/validation/` is found too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
ENV_VAR = "INFLUENCER50_VALIDATION_DATA"
RESPONDENT_COLUMNS = ("id", "village", "toa")
NOMINATION_COLUMNS = ("chooser_id", "chosen_id", "relation")


@dataclass(frozen=True)
class DataSet:
    """One diffusion study: its files' prefix, the toa code of non-adopters, its relations."""

    name: str
    title: str
    innovation: str
    people: str
    # What a time of adoption (toa) means, for readers of the figures.
    periods: str
    never: int
    relations: tuple[str, ...]
    citations: tuple[str, ...]


class DataMissingError(RuntimeError):
    """The validation files are not where they were looked for."""


DATASETS = {
    "kfamily": DataSet(
        name="kfamily",
        title="Korean family planning",
        innovation="family planning methods, 1963-1973",
        people="women",
        periods="years: 1 = 1963, 10 = 1972, 11 = had not adopted by the survey (1973)",
        never=11,
        relations=(
            "fp_talk",
            "closest_neighbor",
            "fp_advice",
            "fp_information",
            "abortion_advice",
            "health_advice",
            "purchase_advice",
            "education_advice",
        ),
        citations=(
            "Rogers, E. M., & Kincaid, D. L. (1981). Communication Networks: Toward a New "
            "Paradigm for Research. New York: Free Press.",
            "Park, Chung, Han & Lee (1974), Seoul National University School of Public "
            "Health survey, as cited in Valente (1995).",
        ),
    ),
    "brfarmers": DataSet(
        name="brfarmers",
        title="Brazilian farmers",
        innovation="hybrid seed corn, 1946-1966",
        people="farmers",
        periods="years: 1 = 1946-47, 2 = 1948, ..., 19 = 1965, 20 = had not adopted by 1966",
        never=20,
        relations=(
            "friend",
            "influential",
            "practice_A",
            "practice_B",
            "practice_C",
            "coop_project",
        ),
        citations=(
            "Rogers, E. M., Ascroft, J. R., & Röling, N. (1970). Diffusion of Innovation in "
            "Brazil, Nigeria, and India. Unpublished report, Michigan State University.",
        ),
    ),
}
COMMON_CITATIONS = (
    "Valente, T. W. (1995). Network Models of the Diffusion of Innovations (2nd ed.). "
    "Cresskill, NJ: Hampton Press.",
    "Valente, T. W., & Vega Yon, G. G. (2020). Diffusion/Contagion Processes on Social "
    "Networks. Health Education & Behavior 47(2), 235-248. "
    "https://doi.org/10.1177/1090198120901497 (the netdiffuseR package, MIT licence).",
)


def _main_checkout() -> Path | None:
    """The main working tree when ROOT is a linked `git worktree` (whose .git is a file)."""
    marker = ROOT / ".git"
    if not marker.is_file():
        return None
    text = marker.read_text().strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = (ROOT / text.removeprefix("gitdir:").strip()).resolve()
    common = gitdir / "commondir"
    if not common.is_file():
        return None
    return (gitdir / common.read_text().strip()).resolve().parent


def data_dir() -> Path:
    """The folder holding the validation CSV files; DataMissingError says where it looked."""
    override = os.environ.get(ENV_VAR)
    if override:
        candidates = [Path(override)]
    else:
        candidates = [ROOT.parent / "shared" / "validation"]
        main = _main_checkout()
        if main is not None and main != ROOT:
            candidates.append(main.parent / "shared" / "validation")
    for candidate in candidates:
        if all((candidate / f"{name}_nominations.csv").is_file() for name in DATASETS):
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise DataMissingError(
        f"The validation data (kfamily_*.csv, brfarmers_*.csv) is not in {looked}. "
        f"Put the shared/validation folder beside the project, or set {ENV_VAR} to it."
    )


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise DataMissingError(f"No file at {path}.")
    frame = pd.read_csv(path)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataMissingError(f"{path} lacks the columns {missing}.")
    return frame


def respondents(spec: DataSet, directory: Path) -> pd.DataFrame:
    """The roster: one row per person, indexed by id, with village and toa."""
    frame = _read(directory / f"{spec.name}_respondents.csv", RESPONDENT_COLUMNS)
    return frame.set_index("id").sort_index()


def nominations(spec: DataSet, directory: Path) -> pd.DataFrame:
    """Every kept nomination, chooser -> chosen, with its relation."""
    return _read(directory / f"{spec.name}_nominations.csv", NOMINATION_COLUMNS)


def nominations_path(spec: DataSet, directory: Path) -> Path:
    return directory / f"{spec.name}_nominations.csv"
