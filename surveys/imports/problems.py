"""An import's problems grouped by kind and value, so that one mistake repeated on many rows
reads as one line: "unknown decision stage 'advice' in 1,551 rows (rows 2, 3, 5, 8, 13, …);
this study's stages are: …; map it in `values.stage`".

The groups are plain dicts (a report stores them as JSON); every problem is counted in its
group, however many rows there are, while the row-by-row list stays capped.
"""

import bisect

EXAMPLE_ROWS = 5  # the rows named in a group's line
MAX_GROUPS = 500


def _plain(text: str) -> str:
    return text.strip().rstrip(".;:")


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


class ProblemGroups:
    """Problem groups, each {what, hint, count, row_count, rows, columns}, in a list of dicts
    (shared with whoever holds it: a report keeps it as a field) indexed by kind and value."""

    def __init__(self, items: list[dict] | None = None):
        self.items = items if items is not None else []
        self._index = {g["key"]: g for g in self.items}

    def add(self, *, row: int | None, column: str, what: str, hint: str = "") -> None:
        """Count a problem under `what` (its kind and value) and `hint` (how to fix it)."""
        key = f"{what}\n{hint}"
        group = self._index.get(key)
        if group is None:
            if len(self.items) >= MAX_GROUPS:
                return  # still counted in the report's problem_count
            group = self._index[key] = {
                "key": key,
                "what": _plain(what),
                "hint": _plain(hint),
                "count": 0,
                "row_count": 0,
                "last_row": None,
                "rows": [],
                "columns": [],
            }
            self.items.append(group)
        group["count"] += 1
        if column and column not in group["columns"]:
            group["columns"].append(column)
        # A row's problems arrive together, so a row already counted is the last one seen.
        if row is None or row == group["last_row"]:
            return
        group["row_count"] += 1
        group["last_row"] = row
        rows = group["rows"]  # the first rows (in the file's order) as examples
        if len(rows) < EXAMPLE_ROWS or row < rows[-1]:
            bisect.insort(rows, row)
            del rows[EXAMPLE_ROWS:]

    def merge(self, other: "ProblemGroups") -> None:
        """Add another list's groups (a plan's, into its report) to these."""
        for g in other.items:
            mine = self._index.get(g["key"])
            if mine is None:
                if len(self.items) < MAX_GROUPS:
                    self.items.append({**g, "rows": [*g["rows"]], "columns": [*g["columns"]]})
                    self._index[g["key"]] = self.items[-1]
                continue
            mine["count"] += g["count"]
            mine["row_count"] += g["row_count"]
            mine["rows"] = sorted({*mine["rows"], *g["rows"]})[:EXAMPLE_ROWS]
            mine["columns"] += [c for c in g["columns"] if c not in mine["columns"]]

    def counted(self) -> int:
        return sum(g["count"] for g in self.items)

    def sections(self) -> list[dict]:
        """The groups, those that share a fix together ({"hint", "groups"} each): problems of
        the file or mapping first, then the rows' by how many rows they hold."""
        shared: dict[str, dict] = {}
        sections = []
        for g in sorted(self.items, key=_order):
            if not (g["rows"] and g["hint"]):
                sections.append({"hint": g["hint"], "groups": [g]})
                continue
            if g["hint"] not in shared:
                shared[g["hint"]] = {"hint": g["hint"], "groups": []}
                sections.append(shared[g["hint"]])
            shared[g["hint"]]["groups"].append(g)
        return sections


def _order(group: dict) -> tuple:
    return (bool(group["rows"]), -group["row_count"], group["rows"][:1])


def where(group: dict) -> str:
    """The column(s) of a group, or what a problem without a row is about."""
    columns = group["columns"]
    if not group["rows"]:
        return columns[0] if columns else "File"
    if not columns:
        return "File"
    if len(columns) == 1:
        return f"Column {columns[0]!r}"
    shown = ", ".join(repr(c) for c in columns[:3])
    more = f" and {len(columns) - 3} more" if len(columns) > 3 else ""
    return f"Columns {shown}{more}"


def describe(group: dict) -> str:
    """What went wrong, and on how many rows (a few named)."""
    text = group["what"]
    n = group["row_count"]
    if n == 1:
        text += f" in row {group['rows'][0]}"
    elif n > 1:
        rows = ", ".join(str(r) for r in group["rows"])
        more = ", …" if n > len(group["rows"]) else ""
        text += f" in {_count(n, 'row', 'rows')} (rows {rows}{more})"
    return text
