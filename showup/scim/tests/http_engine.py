"""scim2-client over real HTTP: its request shaping, sent over a socket to a running server.

scim2-client 0.13 talks HTTP through httpx2, which is not installed here; its
in-process engines call the WSGI app without a network. This engine builds
each request with the library's own helpers and sends it with http.client,
so the server under test is reached exactly as an identity provider reaches it.
"""

import http.client
from typing import Any, cast
from wsgiref.headers import Headers

from scim2_client.client import BaseSyncSCIMClient, RawResponse
from scim2_client.engines.inprocess import (
    InProcessResponse,
    _check_base_url,
    _prepare_request,
    _stays_under_base_url,
)


class HTTPSCIMClient(BaseSyncSCIMClient):
    def __init__(self, base_url: str, headers: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = _check_base_url(base_url)
        self.headers = headers

    def _stays_under_base_url(self, endpoint: str) -> bool:
        return _stays_under_base_url(self.base_url, endpoint)

    def _parse_json(self, response: RawResponse) -> Any:
        return cast(InProcessResponse, response).json()

    def request(self, method: str, url: str, **kwargs: Any) -> InProcessResponse:
        prepared = _prepare_request(self.base_url, self.headers, method, url, **kwargs)
        target = prepared.url
        connection = http.client.HTTPConnection(target.hostname or "", target.port, timeout=30)
        try:
            path = target.path + (f"?{target.query}" if target.query else "")
            connection.request(
                prepared.method, path, body=prepared.body, headers=dict(prepared.headers)
            )
            answer = connection.getresponse()
            return InProcessResponse(
                status_code=answer.status,
                headers=Headers(list(answer.getheaders())),
                content=answer.read(),
            )
        finally:
            connection.close()
