"""imapdash.memory.load_apart: a load run in a forked child, its result or expected error handed back."""

import os
import pickle

import pytest

from imapdash.datasets import DatasetError, Problem, load_datasets
from imapdash.memory import load_apart
from tests.conftest import FIXTURE_DATA


def test_the_result_comes_from_a_child_process():
    parent = os.getpid()
    assert load_apart(os.getpid) != parent


def test_datasets_come_back_whole():
    here = load_datasets(FIXTURE_DATA)
    apart = load_apart(lambda: load_datasets(FIXTURE_DATA))
    assert apart.version == here.version and apart.geometry_ids == here.geometry_ids
    assert apart.geometry_json == here.geometry_json and apart.region == here.region
    assert set(apart.tables) == set(here.tables) and set(apart._restricted) == set(here._restricted)
    for name, frame in here.tables.items():
        assert apart.tables[name].equals(frame), name
        assert list(apart.tables[name].dtypes) == list(frame.dtypes), name
    for name in here._restricted:
        assert apart.frame(name, include_restricted=True).equals(here.frame(name, include_restricted=True))


def test_an_expected_error_is_raised_here_with_its_problems():
    problems = [Problem("flows.csv", "not a number", row=3, column="value", value="x")]

    def broken():
        raise DatasetError(problems)

    with pytest.raises(DatasetError) as caught:
        load_apart(broken, expected=(DatasetError,))
    assert caught.value.problems == problems
    assert str(caught.value) == str(DatasetError(problems))


def test_dataset_error_pickles_with_its_problems():
    problems = [Problem("a.csv", "bad", row=2)]
    assert pickle.loads(pickle.dumps(DatasetError(problems))).problems == problems


def test_an_unexpected_error_runs_the_load_here_and_raises_it_with_its_own_traceback():
    calls = []

    def failing():
        calls.append(os.getpid())
        raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        load_apart(failing, expected=(DatasetError,))
    assert calls == [os.getpid()]  # the child's call is not seen here; the second ran in this process
