"""Write a long-layout import CSV with spelling variants, for bench/bench_import.py.

    .venv/bin/python bench/make_import_csv.py OUT.csv [--rows 100000] [--respondents 20000]
        [--names 5000] [--seed 7]

Influencer popularity follows a Zipf-like law; about 12% of mentions spell the name
differently (a dropped or doubled letter, swapped letters, an initial, accents, case), as
free-text survey answers do. Also prints the base names to seed a registry with (JSON on
stderr is avoided: `base_names()` is importable).
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

FIRST = [
    "Aaron",
    "Abigail",
    "Adrian",
    "Aisha",
    "Alan",
    "Alice",
    "Amir",
    "Ana",
    "Andrea",
    "Andrew",
    "Anita",
    "Arjun",
    "Beatriz",
    "Ben",
    "Bianca",
    "Boris",
    "Carla",
    "Carlos",
    "Chen",
    "Chloe",
    "Claire",
    "Daniel",
    "Dario",
    "Deepa",
    "Diego",
    "Dmitri",
    "Elena",
    "Elif",
    "Emma",
    "Erik",
    "Fatima",
    "Felix",
    "Fiona",
    "Francesca",
    "Gabriel",
    "Grace",
    "Hana",
    "Hassan",
    "Helen",
    "Hugo",
    "Ines",
    "Irene",
    "Isaac",
    "Ivan",
    "Jamal",
    "Jana",
    "Javier",
    "Jennifer",
    "Jonas",
    "Jorge",
    "Julia",
    "Kai",
    "Karen",
    "Kenji",
    "Lara",
    "Laura",
    "Leila",
    "Leon",
    "Liam",
    "Lucia",
    "Luis",
    "Maja",
    "Marco",
    "Maria",
    "Martin",
    "Maya",
    "Mei",
    "Miguel",
    "Mohamed",
    "Nadia",
    "Nina",
    "Noah",
    "Olga",
    "Omar",
    "Oscar",
    "Paula",
    "Pedro",
    "Priya",
    "Rafael",
    "Rania",
    "Rosa",
    "Ruth",
    "Sami",
    "Sara",
    "Sofia",
    "Stefan",
    "Tariq",
    "Thomas",
    "Uma",
    "Victor",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Abbott",
    "Adams",
    "Alvarez",
    "Andersen",
    "Bakker",
    "Baptiste",
    "Becker",
    "Bernard",
    "Bianchi",
    "Brown",
    "Campbell",
    "Castillo",
    "Chowdhury",
    "Costa",
    "Dubois",
    "Duarte",
    "Eriksen",
    "Fischer",
    "Fontaine",
    "Garcia",
    "Gonzalez",
    "Gupta",
    "Hansen",
    "Hoffmann",
    "Ibrahim",
    "Ivanova",
    "Jansen",
    "Johansson",
    "Kaur",
    "Kelly",
    "Khan",
    "Kowalski",
    "Larsen",
    "Laurent",
    "Lindqvist",
    "Lopez",
    "Marino",
    "Martins",
    "Mendes",
    "Meyer",
    "Moreau",
    "Murphy",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Ortega",
    "Patel",
    "Peeters",
    "Perez",
    "Petrov",
    "Ramos",
    "Reyes",
    "Ricci",
    "Rossi",
    "Russo",
    "Santos",
    "Schmidt",
    "Schneider",
    "Silva",
    "Smith",
    "Sorensen",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Urban",
    "Vargas",
    "Weber",
    "Wagner",
    "Walsh",
    "Watanabe",
    "Williams",
    "Wilson",
    "Wojcik",
    "Yamamoto",
    "Yilmaz",
    "Zhang",
    "Zimmermann",
]
CATEGORIES = (
    "Peers",
    "Industry analysts",
    "Journalists",
    "Niche consultants",
    "Academics",
    "Bloggers",
    "Systems integrators",
    "Customer firms",
)
STAGES = (
    "Problem identification",
    "Decision to act",
    "Solution scoping",
    "Supplier shortlisting",
    "Selection",
    "Validation / sign-off",
)
ROLES = ("decision maker", "buying influencer", "user", "gatekeeper", "procurement")
STRENGTHS = ("minor", "notable", "notable", "decisive")
DIRECTIONS = ("client", "competitor", "neutral", "neutral")
CHANNELS = ("in person", "phone or email", "event", "report or publication", "social media", "web")
ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "n": "ñ", "c": "ç"}


def base_names(count: int, seed: int) -> list[tuple[str, str]]:
    """(name, category) of `count` distinct people, deterministic for a seed."""
    rng = random.Random(seed)
    pairs = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(pairs)
    if count > len(pairs):
        # Beyond the plain pairs, add a middle name to keep names distinct.
        extra = [(f"{f} {m[0]}.", last) for f in FIRST for m in FIRST[:20] for last in LAST]
        rng.shuffle(extra)
        pairs += extra
    return [(f"{f} {last}", rng.choice(CATEGORIES)) for f, last in pairs[:count]]


def variant(name: str, rng: random.Random) -> str:
    """A plausible mis-spelling of a name."""
    first, _, last = name.rpartition(" ")
    kind = rng.randrange(6)
    if kind == 0 and len(last) > 4:  # dropped letter
        i = rng.randrange(1, len(last) - 1)
        last = last[:i] + last[i + 1 :]
    elif kind == 1:  # doubled letter
        i = rng.randrange(1, len(last))
        last = last[:i] + last[i] + last[i:]
    elif kind == 2 and len(last) > 3:  # swapped letters
        i = rng.randrange(1, len(last) - 2)
        last = last[:i] + last[i + 1] + last[i] + last[i + 2 :]
    elif kind == 3:  # accents
        last = "".join(ACCENTS.get(c, c) if rng.random() < 0.5 else c for c in last)
    elif kind == 4:  # case
        return name.upper() if rng.random() < 0.5 else name.lower()
    else:  # initial for the first name
        first = first[0] + "."
    return f"{first} {last}"


def write_csv(
    path: Path, *, rows: int, respondents: int, names: int, seed: int, variant_share=0.12
) -> None:
    rng = random.Random(seed + 1)
    people = base_names(names, seed)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(people))]
    per_respondent = rows // respondents
    orgs = [f"Company {i:05d}" for i in range(respondents // 4)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "respondent_id",
                "organization",
                "role",
                "influencer_name",
                "category",
                "stage",
                "strength",
                "direction",
                "channel",
                "date",
                "quote",
            ]
        )
        written = 0
        for r in range(respondents):
            rid = f"R{r:06d}"
            org, role = rng.choice(orgs), rng.choice(ROLES)
            date = f"2026-{rng.randrange(1, 11):02d}-{rng.randrange(1, 28):02d}"
            count = per_respondent if r < respondents - 1 else rows - written
            for person_index in rng.choices(range(len(people)), weights=weights, k=count):
                name, category = people[person_index]
                if rng.random() < variant_share:
                    name = variant(name, rng)
                out.writerow(
                    [
                        rid,
                        org,
                        role,
                        name,
                        category,
                        rng.choice(STAGES),
                        rng.choice(STRENGTHS),
                        rng.choice(DIRECTIONS),
                        rng.choice(CHANNELS),
                        date,
                        "",
                    ]
                )
            written += count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--names", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_csv(
        args.out, rows=args.rows, respondents=args.respondents, names=args.names, seed=args.seed
    )
    print(f"Wrote {args.rows} rows to {args.out}")


if __name__ == "__main__":
    main()
