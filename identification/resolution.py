"""Entity resolution: which influencer of a client's registry a typed or imported name means.

Order: external id, then exact name or alias (case- and accent-insensitive), then a fuzzy
match (rapidfuzz) at or above FUZZY_ACCEPT. A fuzzy match between FUZZY_NEAR and
FUZZY_ACCEPT, or two close candidates, is never taken silently: it is returned as "near"
or "ambiguous" for the review queue. Everything here is plain Python over dicts, except
`load_registry`, the one selector that reads the registry of a client.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from identification.models import Influencer, InfluencerAlias, normalize_name

FUZZY_ACCEPT = 92
FUZZY_NEAR = 80
# Two candidates closer than this to each other are a coin toss: an analyst decides.
AMBIGUITY_MARGIN = 3
# A typo is accepted silently only in a word this long, and this close to the original.
MIN_TYPO_WORD = 5
TYPO_WORD_SCORE = 85
MAX_CANDIDATES = 5
_CHUNK = 2000

EXTERNAL_ID = "external_id"
EXACT = "exact"
FUZZY = "fuzzy"
NEAR = "near"
AMBIGUOUS = "ambiguous"
NEW = "new"
METHODS = (EXTERNAL_ID, EXACT, FUZZY, NEAR, AMBIGUOUS, NEW)


@dataclass(frozen=True)
class Candidate:
    """A registry entry a name may mean, with its similarity score (0–100)."""

    id: int
    name: str
    score: float

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "score": round(float(self.score), 1)}


@dataclass(frozen=True)
class Resolution:
    """How one name was resolved: `influencer_id` is set for external_id, exact and fuzzy."""

    method: str
    influencer_id: int | None = None
    candidates: tuple[Candidate, ...] = ()

    @property
    def needs_review(self) -> bool:
        return self.method in (NEAR, AMBIGUOUS)


@dataclass
class Registry:
    """A client's influencers, indexed for resolution."""

    names: dict[int, str] = field(default_factory=dict)
    by_external_id: dict[str, int] = field(default_factory=dict)
    # normalized name or alias → influencer ids (several ids: the name is ambiguous)
    by_key: dict[str, set[int]] = field(default_factory=dict)

    def add(self, influencer_id: int, name: str, *, external_id: str = "") -> None:
        self.names[influencer_id] = name
        if external_id:
            self.by_external_id[external_id] = influencer_id
        self.add_name(influencer_id, name)

    def add_name(self, influencer_id: int, name: str) -> None:
        """Index a name or alias of an influencer."""
        key = normalize_name(name)
        if key:
            self.by_key.setdefault(key, set()).add(influencer_id)


def build_registry(influencers: Iterable[tuple], aliases: Iterable[tuple] = ()) -> Registry:
    """A registry from (id, name, external_id) rows and (influencer_id, alias) rows."""
    registry = Registry()
    for influencer_id, name, external_id in influencers:
        registry.add(influencer_id, name, external_id=external_id or "")
    for influencer_id, alias in aliases:
        if influencer_id in registry.names:
            registry.add_name(influencer_id, alias)
    return registry


def load_registry(*, client) -> Registry:
    """Read a client's influencers and aliases into a Registry (two queries)."""
    rows = Influencer.objects.filter(client=client).values_list("pk", "name", "external_id")
    alias_rows = InfluencerAlias.objects.filter(influencer__client=client).values_list(
        "influencer_id", "name"
    )
    return build_registry(rows.iterator(chunk_size=5000), alias_rows.iterator(chunk_size=5000))


def resolve_external_id(registry: Registry, external_id: str) -> Resolution | None:
    influencer_id = registry.by_external_id.get((external_id or "").strip())
    return Resolution(EXTERNAL_ID, influencer_id) if influencer_id else None


def _exact(registry: Registry, key: str) -> Resolution | None:
    ids = registry.by_key.get(key)
    if not ids:
        return None
    if len(ids) == 1:
        return Resolution(EXACT, next(iter(ids)))
    candidates = tuple(Candidate(i, registry.names[i], 100.0) for i in sorted(ids))
    return Resolution(AMBIGUOUS, None, candidates[:MAX_CANDIDATES])


def tokens_agree(a: str, b: str) -> bool:
    """Whether two similar names differ only by a typo in a long word.

    A high overall score hides a different short first name ("Laura" / "Lara",
    "Andrea" / "Andrew"), which is as likely another person as a typo: those go to review.
    """
    left, right = sorted(default_process(a).split()), sorted(default_process(b).split())
    if len(left) != len(right):
        return False
    differing = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    if len(differing) > 1:
        return False
    return all(
        min(len(x), len(y)) >= MIN_TYPO_WORD and fuzz.ratio(x, y) >= TYPO_WORD_SCORE
        for x, y in differing
    )


def _judge(query: str, candidates: list[Candidate], *, accept: float, near: float) -> Resolution:
    """Turn the best distinct candidates of a name into a decision."""
    if not candidates or candidates[0].score < near:
        return Resolution(NEW)
    best = candidates[0]
    if best.score < accept:
        return Resolution(NEAR, None, tuple(candidates[:MAX_CANDIDATES]))
    if len(candidates) > 1 and best.score - candidates[1].score < AMBIGUITY_MARGIN:
        return Resolution(AMBIGUOUS, None, tuple(candidates[:MAX_CANDIDATES]))
    if not tokens_agree(query, best.name):
        return Resolution(NEAR, None, tuple(candidates[:MAX_CANDIDATES]))
    return Resolution(FUZZY, best.id, tuple(candidates[:MAX_CANDIDATES]))


def _scores(queries: Sequence[str], choices: Sequence[str], *, near: float) -> np.ndarray:
    """Similarity of every query to every choice (0–100), zero below `near`."""
    return process.cdist(
        queries,
        choices,
        scorer=fuzz.token_sort_ratio,
        score_cutoff=near,
        dtype=np.uint8,
        workers=-1,
    )


def _fuzzy_candidates(
    queries: Sequence[str], choice_keys: Sequence[str], choice_ids: Sequence[int], names, *, near
) -> list[list[Candidate]]:
    """For each query, its candidates at or above `near`, best first, one per influencer.

    One vectorised score matrix per chunk of queries keeps memory bounded for large files.
    """
    out: list[list[Candidate]] = [[] for _ in queries]
    if not choice_keys or not queries:
        return out
    ids = np.asarray(choice_ids)
    for start in range(0, len(queries), _CHUNK):
        chunk = queries[start : start + _CHUNK]
        scores = _scores(chunk, choice_keys, near=near)
        rows, cols = np.nonzero(scores)
        for r in np.unique(rows):
            hit_cols = cols[rows == r]
            order = np.argsort(-scores[r, hit_cols], kind="stable")
            seen: set[int] = set()
            found = []
            for c in hit_cols[order]:
                influencer_id = int(ids[c])
                if influencer_id in seen:
                    continue
                seen.add(influencer_id)
                found.append(Candidate(influencer_id, names[influencer_id], float(scores[r, c])))
                if len(found) == MAX_CANDIDATES:
                    break
            out[start + int(r)] = found
    return out


def resolve_names(
    registry: Registry,
    names: Iterable[str],
    *,
    accept: float = FUZZY_ACCEPT,
    near: float = FUZZY_NEAR,
) -> dict[str, Resolution]:
    """Resolve names against a registry; the result is keyed by normalize_name(name).

    Names are deduplicated first; only those without an exact match are scored, in one
    score matrix against every name and alias of the registry.
    """
    keys = list(dict.fromkeys(k for k in (normalize_name(n) for n in names) if k))
    result: dict[str, Resolution] = {}
    pending = []
    for key in keys:
        exact = _exact(registry, key)
        if exact is not None:
            result[key] = exact
        else:
            pending.append(key)
    if not pending:
        return result
    choice_keys, choice_ids = [], []
    for key, ids in registry.by_key.items():
        for influencer_id in ids:
            choice_keys.append(default_process(key))
            choice_ids.append(influencer_id)
    queries = [default_process(k) for k in pending]
    found = _fuzzy_candidates(queries, choice_keys, choice_ids, registry.names, near=near)
    for key, candidates in zip(pending, found, strict=True):
        result[key] = _judge(key, candidates, accept=accept, near=near)
    return result


def cluster_new_names(
    names: Sequence[str],
    *,
    accept: float = FUZZY_ACCEPT,
    near: float = FUZZY_NEAR,
) -> dict[str, tuple[str, float, bool]]:
    """Group spelling variants among names that match nothing in the registry.

    `names` are normalized keys, most frequent first; the first spelling of a group is
    its canonical name. Returns variant → (canonical, score) for every name that is not
    itself canonical; a score below `accept` means a near match, to be reviewed.
    """
    processed = [default_process(n) for n in names]
    canonical: list[int] = []
    variant_of: dict[str, tuple[str, float, bool]] = {}
    # Greedy in order of frequency: each name is compared with the canonical names chosen
    # so far, in chunks, so the work stays a vectorised matrix rather than a Python loop.
    canon_keys: list[str] = []
    for start in range(0, len(names), _CHUNK):
        chunk = list(range(start, min(start + _CHUNK, len(names))))
        chunk_processed = [processed[i] for i in chunk]
        prior = _scores(chunk_processed, canon_keys, near=near) if canon_keys else None
        inside = _scores(chunk_processed, chunk_processed, near=near)
        is_canon = np.zeros(len(chunk), dtype=bool)
        for pos, i in enumerate(chunk):
            best_score, best_name = 0, None
            if prior is not None:
                j = int(np.argmax(prior[pos]))
                best_score, best_name = int(prior[pos, j]), names[canonical[j]]
            if pos:
                row = np.where(is_canon[:pos], inside[pos, :pos], 0)
                q = int(np.argmax(row))
                if row[q] > best_score:
                    best_score, best_name = int(row[q]), names[chunk[q]]
            if best_score >= near and best_name is not None:
                confident = best_score >= accept and tokens_agree(names[i], best_name)
                variant_of[names[i]] = (best_name, float(best_score), confident)
            else:
                is_canon[pos] = True
        for q in np.flatnonzero(is_canon):
            canonical.append(chunk[int(q)])
            canon_keys.append(processed[chunk[int(q)]])
    return variant_of


def count_methods(resolutions: Iterable[Resolution]) -> dict[str, int]:
    """How many names were resolved each way, every method listed."""
    counts = dict.fromkeys(METHODS, 0)
    for resolution in resolutions:
        counts[resolution.method] += 1
    return counts
