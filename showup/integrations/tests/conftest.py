from collections.abc import Iterator
from typing import Any

import pytest

from tests.webhook_receiver import Receiver


@pytest.fixture
def allow_local(settings: Any) -> Any:
    """Deliveries to 127.0.0.1 over http, as in development; production refuses them."""
    settings.OUTBOUND_ALLOW_PRIVATE = True
    return settings


@pytest.fixture
def receiver(allow_local: Any) -> Iterator[Receiver]:
    started = Receiver()
    yield started
    if started.server is not None:
        started.stop()
