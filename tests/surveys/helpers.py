"""Small import files for the surveys tests."""

import io
from pathlib import Path

import pandas as pd

FILES = Path(__file__).parent / "files"


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def long_csv(rows: list[dict], extra: list[str] = ()) -> bytes:
    columns = ["respondent_id", "organization", "role", "influencer_name", "category", "stage"]
    columns += list(extra)
    frame = pd.DataFrame(rows, columns=columns).fillna("")
    return frame.to_csv(index=False).encode()


def to_xlsx(csv_bytes: bytes) -> bytes:
    frame = pd.read_csv(io.BytesIO(csv_bytes), dtype=str, keep_default_na=False)
    out = io.BytesIO()
    frame.to_excel(out, index=False)
    return out.getvalue()


def mention_row(rid: str, name: str, stage: str = "Selection", **extra) -> dict:
    return {
        "respondent_id": rid,
        "organization": f"Org {rid}",
        "role": "decision maker",
        "influencer_name": name,
        "category": "Peers",
        "stage": stage,
        **extra,
    }
