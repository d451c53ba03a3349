"""imapdash.memory.load_apart: a load run in a forked child, its result or expected error handed back."""

import os
import pickle
import subprocess
import sys
import threading

import pytest

from imapdash.datasets import DatasetError, Problem, load_datasets
from imapdash.memory import load_apart
from tests.conftest import FIXTURE_DATA, REPO

# Run in a fresh interpreter: this process may have other threads (left by other tests), and then
# load_apart rightly runs the load here instead of in a child.
CHILD_PATH = """
import os, sys
sys.path.insert(0, sys.argv[1])
from imapdash.datasets import DatasetError, Problem, load_datasets
from imapdash.memory import load_apart
from tests.conftest import FIXTURE_DATA

assert load_apart(os.getpid) != os.getpid()

here = load_datasets(FIXTURE_DATA)
apart = load_apart(lambda: load_datasets(FIXTURE_DATA))
assert apart.version == here.version and apart.geometry_ids == here.geometry_ids
assert apart.geometry_json == here.geometry_json and apart.region == here.region
assert set(apart.tables) == set(here.tables) and set(apart._restricted) == set(here._restricted)
for name, frame in here.tables.items():
    assert apart.tables[name].equals(frame), name
    assert list(apart.tables[name].dtypes) == list(frame.dtypes), name
for name in here._restricted:
    assert apart.frame(name, include_restricted=True).equals(here.frame(name, include_restricted=True)), name

problems = [Problem("flows.csv", "not a number", row=3, column="value", value="x")]
def broken():
    raise DatasetError(problems)
try:
    load_apart(broken, expected=(DatasetError,))
except DatasetError as exc:
    assert exc.problems == problems and str(exc) == str(DatasetError(problems))
else:
    raise AssertionError("no DatasetError")

calls = []
def failing():
    calls.append(os.getpid())
    raise KeyError("boom")
try:
    load_apart(failing, expected=(DatasetError,))
except KeyError:
    assert calls == [os.getpid()]  # the child's call is not seen here; the second ran in this process
else:
    raise AssertionError("no KeyError")

import time
where = []
def slow_in_the_child():
    where.append(os.getpid())
    if len(where) == 1 and os.getpid() != parent:
        time.sleep(30)  # the child hangs (as on a lock held at the fork)
    return os.getpid()
parent = os.getpid()
started = time.monotonic()
assert load_apart(slow_in_the_child, timeout=1.0) == parent  # given up on the child, loaded here
assert time.monotonic() - started < 20
print("ok")
"""


def test_in_a_child_the_datasets_and_an_expected_error_come_back_whole():
    done = subprocess.run(
        [sys.executable, "-c", CHILD_PATH, str(REPO)], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "ok"


def test_the_same_results_when_the_load_runs_here():
    with pytest.raises(DatasetError) as caught:
        load_apart(lambda: load_datasets(REPO / "no-such-dir"), expected=(DatasetError,))
    assert caught.value.problems
    assert load_apart(lambda: load_datasets(FIXTURE_DATA)).version == load_datasets(FIXTURE_DATA).version


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


def test_with_another_thread_running_the_load_runs_here():
    # a lock held by another thread at the fork could leave the child waiting forever
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert load_apart(os.getpid) == os.getpid()
    finally:
        stop.set()
        thread.join()
