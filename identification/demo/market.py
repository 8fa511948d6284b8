"""The demo market as plain data: who the buyers are, who they name, at which stage.

A UK mid-market HR software market shaped the way DESIGN.md describes real B2B markets:
most influence comes from people met offline (analysts, consultants, peers, associations,
colleagues), social creators are a minority, and a handful of key influencers are named
by many buyers at the weighty stages. Everything is drawn from random.Random(seed), so
the same seed always gives the same market.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import KW_ONLY, dataclass, field

SEED = 2026
CLIENT = "Northwind Software"
STUDY = "UK mid-market HR software, 2026 H2"
STUDY_FIELDS = {"sector": "HR software", "region": "UK", "period": "2026 H2"}

# Stage names as created by services.setup.create_study (DEFAULT_STAGES), by order.
PROBLEM, DECIDE, SCOPING, SHORTLIST, SELECTION, SIGNOFF = range(1, 7)
WEIGHTY = (SCOPING, SHORTLIST, SELECTION, SIGNOFF)


@dataclass(frozen=True)
class Person:
    """An influencer of the demo market.

    Everything after the affiliation is keyword-only: given positionally, fifteen people's
    channels once landed in `kind` (stored as "('web',)") and their channels were lost.
    """

    key: str
    name: str
    category: str
    affiliation: str = ""
    _: KW_ONLY
    kind: str = "person"
    channels: tuple[str, ...] = ("in_person",)
    direction: str = "neutral"
    known_to_client: bool = False
    audience: dict = field(default_factory=dict)
    quotes: tuple[str, ...] = ()


# The planted key influencers: named by many buyers, notably or decisively, late on.
KEY_PEOPLE = (
    Person(
        "priya-raman",
        "Priya Raman",
        "Industry analysts",
        "Meridian Research",
        channels=("publication", "in_person", "event"),
        known_to_client=True,
        quotes=(
            "Her market guide was the shortlist, basically.",
            "We asked Priya which vendors actually deliver payroll in the UK.",
            "Meridian's scoring of the mid-market suites settled the selection.",
        ),
    ),
    Person(
        "david-okafor",
        "David Okafor",
        "Niche consultants",
        "Okafor HR Systems Advisory",
        channels=("in_person", "phone_email"),
        direction="client",
        quotes=(
            "David ran our requirements workshops and wrote the scoring sheet.",
            "He told us which demos to believe.",
            "Without David we would have bought an enterprise suite we did not need.",
        ),
    ),
    Person(
        "hr-directors-circle",
        "HR Directors' Circle",
        "Industry bodies / associations",
        kind="organization",
        channels=("event", "in_person"),
        quotes=(
            "At the Circle's roundtable three members warned us off the same vendor.",
            "The Circle's buyer checklist is what procurement signed off against.",
        ),
    ),
    Person(
        "helen-marsh",
        "Helen Marsh",
        "Peers",
        "HR Director, Calder Logistics",
        channels=("in_person", "phone_email"),
        direction="client",
        quotes=(
            "I called Helen; she had just been through the same rollout.",
            "Helen showed us her dashboards, that sold it to our CFO.",
        ),
    ),
    Person(
        "tom-whitfield",
        "Tom Whitfield",
        "Systems integrators",
        "Brightpath Integration",
        channels=("in_person", "phone_email"),
        quotes=(
            "Tom said the payroll integration was the real risk, and he was right.",
            "Brightpath would only support two of the suites, so that was our shortlist.",
        ),
    ),
    Person(
        "sarah-lindqvist",
        "Sarah Lindqvist",
        "Journalists",
        "People Management Weekly",
        channels=("publication", "web"),
        direction="competitor",
        known_to_client=True,
        quotes=(
            "Sarah's review of the implementation horror stories made us look elsewhere.",
            "Her comparison piece was on the table in the final meeting.",
        ),
    ),
    Person(
        "anita-shah",
        "Dr Anita Shah",
        "Academics",
        "Northbridge Business School",
        channels=("publication", "event"),
        quotes=(
            "Dr Shah's research on HR analytics is why we insisted on open data export.",
            "Her talk changed what we thought the problem was.",
        ),
    ),
)
PLANTED = tuple(p.name for p in KEY_PEOPLE)

# The long tail: named now and then, mostly at early stages, mostly offline.
TAIL_PEOPLE = (
    Person(
        "james-holt", "James Holt", "Industry analysts", "Cobalt Insight", channels=("publication",)
    ),
    Person(
        "fiona-grant",
        "Fiona Grant",
        "Management consultancies",
        "Grant & Rowe",
        channels=("in_person",),
    ),
    Person(
        "raj-patel",
        "Raj Patel",
        "Specialty consultancies",
        "PayWise Consulting",
        channels=("phone_email",),
    ),
    Person(
        "lucy-adams", "Lucy Adams", "Peers", "People Lead, Harbour Foods", channels=("in_person",)
    ),
    Person(
        "owen-price",
        "Owen Price",
        "Peers",
        "HR Manager, Vale Engineering",
        channels=("phone_email",),
    ),
    Person(
        "nina-kowalski",
        "Nina Kowalski",
        "Authors",
        "author of 'HR Tech That Works'",
        channels=("publication",),
    ),
    Person(
        "ben-carter",
        "Ben Carter",
        "Value-added resellers",
        "Carter Software Solutions",
        channels=("in_person",),
    ),
    Person(
        "grace-osei",
        "Grace Osei",
        "Regulators / policy-makers",
        "Employment data standards panel",
        channels=("publication",),
    ),
    Person(
        "uk-payroll-forum",
        "UK Payroll Forum",
        "Online forums / communities",
        kind="community",
        channels=("online_community",),
    ),
    Person(
        "hr-open-standards",
        "HR Open Standards Group",
        "Standards bodies",
        kind="organization",
        channels=("publication",),
    ),
    Person(
        "mark-ellis",
        "Mark Ellis",
        "Financial analysts",
        "Harcourt Equity Research",
        channels=("publication",),
    ),
    Person("claire-dunn", "Claire Dunn", "Commentators", "HR podcast host", channels=("web",)),
    Person(
        "sam-reid",
        "Sam Reid",
        "Complementary partners",
        "Learnly (learning platform)",
        channels=("in_person",),
    ),
    Person(
        "peoplehr-events", "People Tech Live", "Events", kind="organization", channels=("event",)
    ),
    Person(
        "kate-morgan",
        "Kate Morgan",
        "Customer firms",
        "Operations, Pennine Retail",
        channels=("in_person",),
    ),
    Person(
        "victor-nash",
        "Victor Nash",
        "Venture capitalists",
        "Ardent Ventures",
        channels=("in_person",),
    ),
    Person(
        "procurement-alliance",
        "Public Sector Buying Alliance",
        "Buyer groups / procurement",
        kind="organization",
        channels=("publication",),
    ),
    Person(
        "emma-stone-hr",
        "Emma Stone",
        "Niche consultants",
        "Stone People Consulting",
        channels=("phone_email",),
    ),
    Person("aidan-walsh", "Aidan Walsh", "Retailers", "SoftShop UK", channels=("web",)),
    Person(
        "hr-tech-reddit",
        "r/HRTechUK",
        "Online forums / communities",
        kind="community",
        channels=("online_community",),
    ),
)

# Noisemakers: big online audiences, named over and over by a couple of fans, early and lightly.
NOISY_PEOPLE = (
    Person(
        "hrtechguru",
        "HRTechGuru",
        "Bloggers",
        "LinkedIn creator",
        channels=("social_media",),
        known_to_client=True,
        audience={"LinkedIn": 48000, "X": 21000},
        quotes=("I follow HRTechGuru, the posts are fun.",),
    ),
    Person(
        "jess-pemberton",
        "Jess Pemberton",
        "Bloggers",
        "HR influencer",
        channels=("social_media", "web"),
        audience={"LinkedIn": 31000, "YouTube": 12000},
    ),
)

# Colleagues inside the buyer's own organization; one per organization that has one.
INTERNAL_FIRST_NAMES = (
    "Alan", "Bea", "Chris", "Dana", "Eli", "Farah", "Gavin", "Hana", "Ian", "Jo", "Kieran",
    "Leah", "Mo", "Niall", "Orla",
)  # fmt: skip
INTERNAL_TITLES = ("Finance Director", "IT Director", "COO", "Payroll Manager", "CEO")

ORGANIZATIONS = (
    "Calder Logistics", "Harbour Foods", "Vale Engineering", "Pennine Retail", "Aster Housing",
    "Bramley Care Group", "Cobham Legal", "Dunmore Hotels", "Elm Street Academies",
    "Fenwick Pharma", "Greystone Construction", "Hollis Media", "Ironbridge Manufacturing",
    "Juniper Energy", "Kestrel Insurance", "Langford Estates", "Moorland Water",
    "Northgate Clinics", "Oakridge Software", "Parkside Leisure", "Quayside Shipping",
    "Redfern Architects", "Saltmarsh Farms", "Thornbury Finance", "Upland Transport",
    "Viking Security", "Westcliff College", "Yarrow Cosmetics", "Zenith Telecom",
    "Ashworth Recruitment", "Beacon Charities", "Castlegate Retail", "Derwent Utilities",
    "Evergreen Nurseries", "Foxhall Breweries",
)  # fmt: skip
SIZE_BANDS = ("50-249", "250-999", "250-999", "1000+", "50-249")
SECTORS = ("Logistics", "Food", "Engineering", "Retail", "Housing", "Care", "Legal", "Hospitality")

FIRST_NAMES = (
    "Alice", "Brian", "Chloe", "Daniel", "Ella", "Frank", "Gemma", "Harry", "Isla", "Jack",
    "Katie", "Liam", "Megan", "Nathan", "Olivia", "Paul", "Rachel", "Simon", "Tara", "Usman",
)  # fmt: skip
LAST_NAMES = (
    "Ashby", "Boyle", "Clarke", "Dixon", "Evans", "Foster", "Gill", "Hughes", "Iqbal", "Jones",
    "Khan", "Lloyd", "Mills", "Newton", "O'Brien", "Parry", "Quinn", "Russell", "Shaw", "Turner",
)  # fmt: skip
TITLES = {
    "decision_maker": ("HR Director", "Chief People Officer", "Finance Director"),
    "buying_influencer": ("HR Operations Manager", "HRIS Lead", "Head of Payroll"),
    "user": ("HR Advisor", "Payroll Officer"),
    "gatekeeper": ("IT Manager", "Executive Assistant to the CPO"),
    "procurement": ("Procurement Manager", "Category Buyer"),
}
ROLES = (
    ("decision_maker", 0.35),
    ("buying_influencer", 0.3),
    ("user", 0.15),
    ("gatekeeper", 0.1),
    ("procurement", 0.1),
)
PRODUCT_AREAS = ("Core HR", "Payroll", "Talent management", "Core HR and payroll")

BUYERS = 60
START = dt.date(2026, 7, 1)
SPAN_DAYS = 130


@dataclass
class PlannedMention:
    influencer: str  # a Person key, or "internal:<org index>"
    stage: int  # stage order
    strength: str
    direction: str
    channel: str
    quote: str = ""


@dataclass
class PlannedBuyer:
    key: str
    organization: int
    name: str
    title: str
    role: str
    product_area: str
    buying_situation: str
    outcome: str
    deal_size_band: str
    purchase_date: dt.date


@dataclass
class PlannedInterview:
    key: str
    respondent: str  # a buyer key, or an influencer key for the snowball interview
    collected_on: dt.date
    mentions: list[PlannedMention]
    non_person: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Plan:
    buyers: list[PlannedBuyer]
    interviews: list[PlannedInterview]
    internal: dict[int, tuple[str, str]]  # organization index -> (name, title)
    peer_buyer: str  # the buyer key that is also the influencer Helen Marsh


def _choose(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _buyers(rng: random.Random) -> list[PlannedBuyer]:
    # Every organization has at least one buyer; the rest are spread over them.
    orgs = list(range(len(ORGANIZATIONS))) + [
        rng.randrange(len(ORGANIZATIONS)) for _ in range(BUYERS - len(ORGANIZATIONS))
    ]
    buyers = []
    for i, org in enumerate(orgs):
        role = _choose(rng, ROLES)
        buyers.append(
            PlannedBuyer(
                key=f"demo-buyer-{i + 1:02d}",
                organization=org,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                title=rng.choice(TITLES[role]),
                role=role,
                product_area=rng.choice(PRODUCT_AREAS),
                buying_situation=_choose(
                    rng, (("new_buy", 0.4), ("modified_rebuy", 0.45), ("straight_rebuy", 0.15))
                ),
                outcome=_choose(
                    rng, (("client", 0.35), ("competitor", 0.45), ("no_decision", 0.2))
                ),
                deal_size_band=_choose(
                    rng, (("small", 0.2), ("medium", 0.45), ("large", 0.25), ("enterprise", 0.1))
                ),
                purchase_date=START - dt.timedelta(days=rng.randrange(20, 200)),
            )
        )
    # Helen Marsh is a buyer too: the HR Director of Calder Logistics (organization 0).
    helen = buyers[0]
    helen.name, helen.title, helen.role = "Helen Marsh", "HR Director", "decision_maker"
    return buyers


def _key_mention(rng: random.Random, person: Person) -> PlannedMention:
    direction = person.direction if rng.random() < 0.75 else "neutral"
    return PlannedMention(
        influencer=person.key,
        stage=rng.choice(WEIGHTY),
        strength=_choose(rng, (("decisive", 0.45), ("notable", 0.45), ("minor", 0.1))),
        direction=direction,
        channel=rng.choice(person.channels),
        quote=rng.choice(person.quotes) if person.quotes and rng.random() < 0.45 else "",
    )


def _tail_mention(rng: random.Random) -> PlannedMention:
    # Zipf-like: the first tail names come up more often than the last.
    weights = [1 / (i + 2) for i in range(len(TAIL_PEOPLE))]
    person = rng.choices(TAIL_PEOPLE, weights=weights)[0]
    return PlannedMention(
        influencer=person.key,
        stage=_choose(
            rng, ((PROBLEM, 3), (DECIDE, 2), (SCOPING, 2), (SHORTLIST, 1), (SELECTION, 1))
        ),
        strength=_choose(rng, (("minor", 0.6), ("notable", 0.35), ("decisive", 0.05))),
        direction=_choose(rng, (("neutral", 0.6), ("client", 0.2), ("competitor", 0.2))),
        channel=rng.choice(person.channels),
    )


NON_PERSON = ("search", "vendor_website", "previous_experience", "events")
KEY_RATE = 0.34
PEOPLE = {p.key: p for p in (*KEY_PEOPLE, *TAIL_PEOPLE, *NOISY_PEOPLE)}


def build_plan(seed: int = SEED) -> Plan:
    """The whole demo market, drawn from `seed`."""
    rng = random.Random(seed)
    buyers = _buyers(rng)
    internal_orgs = sorted(rng.sample(range(len(ORGANIZATIONS)), len(INTERNAL_FIRST_NAMES)))
    internal = {
        org: (f"{first} {rng.choice(LAST_NAMES)}", rng.choice(INTERNAL_TITLES))
        for org, first in zip(internal_orgs, INTERNAL_FIRST_NAMES, strict=True)
    }
    fans = {p.key: rng.sample(range(1, BUYERS), 2) for p in NOISY_PEOPLE}
    days = sorted(rng.randrange(SPAN_DAYS) for _ in range(BUYERS))
    interviews = []
    for i, buyer in enumerate(buyers):
        mentions = []
        for person in KEY_PEOPLE:
            if buyer.key == buyers[0].key and person.key == "helen-marsh":
                continue  # nobody names themselves
            if rng.random() < KEY_RATE:
                mentions.append(_key_mention(rng, person))
        mentions.extend(_tail_mention(rng) for _ in range(rng.choice((1, 2, 2, 3))))
        if buyer.organization in internal and rng.random() < 0.8:
            mentions.append(
                PlannedMention(
                    influencer=f"internal:{buyer.organization}",
                    stage=rng.choice((DECIDE, SIGNOFF)),
                    strength=_choose(rng, (("notable", 0.6), ("decisive", 0.4))),
                    direction="neutral",
                    channel="in_person",
                    quote="The sign-off was really theirs." if rng.random() < 0.3 else "",
                )
            )
        for person in NOISY_PEOPLE:
            if i in fans[person.key]:
                # A fan mentions their favourite creator again and again, lightly and early.
                for _ in range(4):
                    mentions.append(
                        PlannedMention(
                            influencer=person.key,
                            stage=rng.choice((PROBLEM, DECIDE)),
                            strength="minor",
                            direction="neutral",
                            channel=rng.choice(person.channels),
                            quote=rng.choice(person.quotes) if person.quotes else "",
                        )
                    )
        non_person = sorted(
            {(rng.choice((PROBLEM, SCOPING, SHORTLIST)), rng.choice(NON_PERSON))}
            if rng.random() < 0.6
            else set()
        )
        interviews.append(
            PlannedInterview(
                key=f"demo-interview-{i + 1:02d}",
                respondent=buyer.key,
                collected_on=START + dt.timedelta(days=days[i]),
                mentions=mentions,
                non_person=non_person,
            )
        )
    # Snowball: David Okafor, interviewed about who influences him.
    interviews.append(
        PlannedInterview(
            key="demo-interview-snowball-01",
            respondent="david-okafor",
            collected_on=START + dt.timedelta(days=SPAN_DAYS),
            mentions=[
                PlannedMention("priya-raman", SCOPING, "decisive", "neutral", "publication",
                               "I read every Meridian note before I advise a client."),
                PlannedMention("anita-shah", PROBLEM, "notable", "neutral", "event"),
                PlannedMention("hr-directors-circle", SHORTLIST, "notable", "neutral", "event"),
            ],
        )
    )  # fmt: skip
    return Plan(buyers=buyers, interviews=interviews, internal=internal, peer_buyer=buyers[0].key)
