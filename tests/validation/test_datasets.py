"""Where the harness finds the validation data, and what it says when they are missing."""

import pytest

from bench.validation import datasets
from bench.validation.datasets import ENV_VAR, DataMissingError, data_dir


def _fake_data(folder):
    folder.mkdir(parents=True)
    for name in datasets.DATASETS:
        (folder / f"{name}_nominations.csv").write_text("chooser_id,chosen_id,relation\n")
    return folder


def test_the_environment_variable_points_to_the_data(tmp_path, monkeypatch):
    folder = _fake_data(tmp_path / "elsewhere")
    monkeypatch.setenv(ENV_VAR, str(folder))
    assert data_dir() == folder


def test_missing_data_is_a_clear_error_naming_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nothing-here"))
    with pytest.raises(DataMissingError, match=f"nothing-here.*set {ENV_VAR}"):
        data_dir()


def test_the_data_beside_the_project_are_found(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    root = tmp_path / "project"
    root.mkdir()
    shared = _fake_data(tmp_path / "shared" / "validation")
    monkeypatch.setattr(datasets, "ROOT", root)
    assert data_dir() == shared


def test_a_git_worktree_finds_the_data_beside_its_main_checkout(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    main = tmp_path / "main"
    gitdir = main / ".git" / "worktrees" / "feature"
    gitdir.mkdir(parents=True)
    (gitdir / "commondir").write_text("../..\n")
    worktree = tmp_path / "wt" / "feature"
    worktree.mkdir(parents=True)
    (worktree / ".git").write_text(f"gitdir: {gitdir}\n")
    shared = _fake_data(tmp_path / "shared" / "validation")
    monkeypatch.setattr(datasets, "ROOT", worktree)
    assert data_dir() == shared


def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    (tmp_path / "brfarmers_respondents.csv").write_text("id,toa\n1,3\n")
    with pytest.raises(DataMissingError, match="lacks the columns \\['village'\\]"):
        datasets.respondents(datasets.DATASETS["brfarmers"], tmp_path)
