"""The document state machine (tests/fuzz/machine.py), fast profile: a few seconds in CI."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.fuzz.machine import DocumentMachine

FAST = settings(
    max_examples=12,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_document_state_machine(qapp) -> None:
    run_state_machine_as_test(DocumentMachine, settings=FAST)
