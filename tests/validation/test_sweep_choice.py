"""How the harness picks a default from the sweep: chosen on one data set, checked on the other."""

from bench.validation.sweep import SweepRow, choose


def row(damping=0.85, cap="8", rho=-0.30, minus_default=0.0, se=0.01, **extra):
    values = {
        "stages": "equal",
        "se": 0.03,
        "minus_indegree": 0.0,
        "minus_indegree_se": 0.01,
        "top10_toa": 5.0,
        "rest_toa": 7.0,
        "held": 22,
        "of": 25,
        **extra,
    }
    return SweepRow(
        damping=damping, cap=cap, rho=rho, minus_default=minus_default, minus_default_se=se,
        **values,
    )  # fmt: skip


def sweeps(kfamily):
    brfarmers = [row(damping=d, cap=c, rho=-0.22) for d, c in ((0.5, "8"), (0.85, "8"))]
    brfarmers += [row(cap="4", rho=-0.22), row(cap="none", rho=-0.22)]
    return {"kfamily": kfamily, "brfarmers": brfarmers}


def test_a_best_value_within_its_paired_se_of_the_default_keeps_the_default():
    found = choose(sweeps([row(), row(damping=0.5, rho=-0.305, minus_default=-0.005)]), "damping")
    assert found.best.damping == 0.5
    assert found.chosen is found.default
    assert found.confirmation.damping == 0.85
    assert found.confirmed


def test_a_best_value_beyond_its_paired_se_replaces_the_default_and_is_confirmed_elsewhere():
    kfamily = [row(), row(damping=0.5, rho=-0.33, minus_default=-0.03)]
    found = choose(sweeps(kfamily), "damping")
    assert found.chosen.damping == 0.5
    assert found.confirmation.damping == 0.5
    assert found.confirmation.rho == -0.22


def test_a_gain_that_does_not_replicate_elsewhere_keeps_the_default():
    kfamily = [row(), row(cap="4", rho=-0.33, minus_default=-0.03)]
    data = sweeps(kfamily)
    data["brfarmers"][2] = row(cap="4", rho=-0.21, minus_default=0.01)
    found = choose(data, "cap")
    assert found.best.cap == "4"
    assert found.beats_default
    assert not found.replicated
    assert found.chosen is found.default


def test_no_cap_is_never_chosen_and_a_failed_confirmation_says_so():
    kfamily = [row(), row(cap="4", rho=-0.31, minus_default=-0.004), row(cap="none", rho=-0.5)]
    data = sweeps(kfamily)
    data["brfarmers"][1] = row(rho=-0.1, minus_indegree=0.1, top10_toa=8.0)
    found = choose(data, "cap")
    assert found.best.cap == "4"
    assert found.chosen.cap == "8"
    assert not found.confirmed
