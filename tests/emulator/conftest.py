"""The local emulator's tests: skipped, saying why, where its venv is not installed."""

from __future__ import annotations

import pytest

from tools.local import emulator


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "deploy: the full local deploy on the emulator (make deploy-local)"
    )


@pytest.fixture(scope="session")
def emulator_environment() -> None:
    reason = emulator.missing_environment()
    if reason:
        pytest.skip(f"local emulator unavailable: {reason}")
