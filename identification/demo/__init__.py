"""The demo market: one client, one study, users per role, evidence, and a ranking.

`PLANTED` names the key influencers the demo plants; tests check that the ranking
finds them.
"""

from identification.demo.market import PLANTED

__all__ = ["PLANTED"]
