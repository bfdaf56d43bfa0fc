"""The local emulator's tests: skipped, saying why, where its venv is not installed."""

from __future__ import annotations

import pytest

from tools.local import emulator


@pytest.fixture(scope="session")
def emulator_environment() -> None:
    reason = emulator.missing_environment()
    if reason:
        pytest.skip(f"local emulator unavailable: {reason}")
