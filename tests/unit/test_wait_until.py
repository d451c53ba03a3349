"""Browser waits follow the app's readiness signal (issue 16): busy time does not count against a timeout."""

from __future__ import annotations

import time

import pytest

from tests.conftest import wait_until


class FakeDriver:
    """Reports the app busy (a callback in flight) until `busy_until`."""

    def __init__(self, busy_for: float) -> None:
        self.busy_until = time.monotonic() + busy_for

    def execute_script(self, _script: str) -> bool:
        return time.monotonic() < self.busy_until


def test_a_slow_callback_extends_the_wait_instead_of_failing_it():
    driver = FakeDriver(busy_for=1.2)
    ready_at = time.monotonic() + 1.4  # the condition becomes true just after the callback finished
    assert wait_until(driver, lambda: time.monotonic() > ready_at and "done", timeout=0.5, poll=0.05) == "done"


def test_a_condition_that_stays_false_on_an_idle_app_still_fails():
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        wait_until(FakeDriver(busy_for=0), lambda: False, timeout=0.3, poll=0.05)
    assert time.monotonic() - started < 2


def test_the_hard_limit_bounds_a_never_idle_app():
    with pytest.raises(TimeoutError):
        wait_until(FakeDriver(busy_for=60), lambda: False, timeout=0.1, hard_limit=0.5, poll=0.05)
