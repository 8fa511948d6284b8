"""Influencer50's REST API from a script, with nothing but requests and pandas.

It authenticates with a personal token (create one at /account/tokens/, read and write),
lists the studies you may see, posts an interview with two mentions, asks for a new
ranking, waits for it and loads the ranking's CSV into a pandas DataFrame:

    INFLUENCER50_TOKEN=i50_... python examples/api_client.py --url http://127.0.0.1:8000 \
        [--study SLUG] [--out ranking.csv]
"""

import argparse
import datetime as dt
import io
import os
import sys
import time

import pandas as pd
import requests

TERMINAL = {"succeeded", "failed"}


class Api:
    """A thin client: every answer is checked, and an error says what the server said."""

    def __init__(self, url: str, token: str):
        self.base = url.rstrip("/") + "/api/v1"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, *, check: bool = True, **kwargs) -> requests.Response:
        response = self.session.request(method, self.base + path, timeout=60, **kwargs)
        if response.status_code == 429:  # throttled: wait as told, then once more
            time.sleep(int(response.headers.get("Retry-After", "1")))
            response = self.session.request(method, self.base + path, timeout=60, **kwargs)
        if check and not response.ok:
            sys.exit(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return response

    def all_pages(self, path: str) -> list[dict]:
        items, url = [], path
        while url:
            page = self.call("GET", url).json()
            items += page["results"]
            url = page["next"] and page["next"].split("/api/v1", 1)[1]
        return items


def post_interview(api: Api, study: dict) -> dict:
    """An interview of a new buyer naming the current leader and a new person."""
    stages = api.call("GET", f"/studies/{study['slug']}/stages/").json()
    categories = api.call("GET", f"/clients/{study['client']}/categories/").json()
    # A study with no published ranking yet answers 404 here: then there is no leader.
    ranking = api.call("GET", f"/studies/{study['slug']}/ranking/?page_size=1", check=False)
    leader = ranking.json()["results"][0]["influencer"] if ranking.ok else None
    mentions = [
        {
            "new_influencer": {
                "name": "Scripted Example Person",
                "category": categories[0]["id"],
                "different_person": True,
            },
            "stage": stages[0]["id"],
            "strength": "notable",
            "channel": "event",
        }
    ]
    if leader:
        mentions.append(
            {"influencer": leader["id"], "stage": stages[-1]["id"], "strength": "decisive"}
        )
    body = {
        "collected_on": dt.date.today().isoformat(),
        "new_buyer": {"organization_name": "Example Scripted Ltd", "role": "decision_maker"},
        "mentions": mentions,
    }
    return api.call("POST", f"/studies/{study['slug']}/evidence/", json=body).json()


def wait_for_run(api: Api, study: dict, *, timeout: float = 300) -> dict:
    run = api.call("POST", f"/studies/{study['slug']}/runs/").json()
    deadline = time.monotonic() + timeout
    while run["status"] not in TERMINAL:
        if time.monotonic() > deadline:
            sys.exit(f"Run {run['id']} still {run['status']} after {timeout} s")
        time.sleep(1)
        run = api.call("GET", f"/studies/{study['slug']}/runs/{run['id']}/").json()
        print(f"run {run['id']}: {run['status']} {run['progress']}%", file=sys.stderr)
    if run["status"] == "failed":
        sys.exit(f"Run {run['id']} failed: {run['error']}")
    return run


def ranking_frame(api: Api, study: dict, run: dict) -> pd.DataFrame:
    response = api.call(
        "GET", f"/studies/{study['slug']}/runs/{run['id']}/ranking/", params={"format": "csv"}
    )
    return pd.read_csv(io.StringIO(response.text), keep_default_na=False)


def main(argv=None) -> pd.DataFrame:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", default=os.environ.get("INFLUENCER50_TOKEN"))
    parser.add_argument("--study", help="a study's slug (default: the first you may see)")
    parser.add_argument("--out", help="also save the ranking to this CSV file")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("give --token or set INFLUENCER50_TOKEN (create one at /account/tokens/)")
    api = Api(args.url, args.token)
    studies = api.all_pages("/studies/")
    print(f"{len(studies)} studies: {', '.join(s['slug'] for s in studies)}")
    study = next((s for s in studies if s["slug"] == args.study), None) if args.study else None
    study = study or (studies[0] if studies else sys.exit("You may see no study."))
    evidence = post_interview(api, study)
    print(f"posted interview #{evidence['id']} with {evidence['mention_count']} mentions")
    run = wait_for_run(api, study)
    frame = ranking_frame(api, study, run)
    print(f"run #{run['id']}: {len(frame)} ranked influencers")
    print(frame[["rank", "name", "category", "score", "reach_respondents"]].head(10))
    if args.out:
        frame.to_csv(args.out, index=False)
    return frame


if __name__ == "__main__":
    main()
