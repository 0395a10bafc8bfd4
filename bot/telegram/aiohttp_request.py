"""The bot's connections to the Bot API on aiohttp, through PTB's `BaseRequest` hook.

PTB's own `HTTPXRequest` spends most of the bot's CPU under load: measured on loopback, one
Bot API call costs about 2 ms of CPU through httpx and its connection pool, 0.3 ms through
aiohttp. Every brief makes several calls (status, its edits, the brief, a typing action), so the
transport decides how many chats one process can serve. This class does what `HTTPXRequest`
does (form fields, or multipart when a file is sent; the four timeouts; the same errors) on an
`aiohttp.ClientSession`.
"""

from __future__ import annotations

from urllib.parse import urlencode

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from aiohttp.payload import BytesPayload
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import ODVInput, UploadFileDict
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

DEFAULT_TIMEOUT = 5.0
"""Seconds for reading, writing and connecting, as `HTTPXRequest` has them."""
DEFAULT_POOL_TIMEOUT = 1.0
MEDIA_WRITE_TIMEOUT = 20.0
_FORM = "application/x-www-form-urlencoded"


class AiohttpRequest(BaseRequest):
    """Bot API calls over one aiohttp session with at most `connection_pool_size` connections."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 1,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        write_timeout: float | None = DEFAULT_TIMEOUT,
        connect_timeout: float | None = DEFAULT_TIMEOUT,
        pool_timeout: float | None = DEFAULT_POOL_TIMEOUT,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, tuple[URL | None, aiohttp.BasicAuth | None]] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # Not `trust_env`: with it aiohttp reads ~/.netrc in a thread on every call. The
            # proxy from the environment (as httpx takes it) is looked up once per host instead.
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("this AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        read = self._read if isinstance(read_timeout, DefaultValue) else read_timeout
        write = (
            (MEDIA_WRITE_TIMEOUT if files else self._write)
            if isinstance(write_timeout, DefaultValue)
            else write_timeout
        )
        connect = self._connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        proxy, proxy_auth = self._proxy_for(URL(url))
        try:
            async with self._session.request(
                method,
                url,
                data=_body(request_data, files),
                timeout=_timeout(read, write, connect, pool),
                proxy=proxy,
                proxy_auth=proxy_auth,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc

    def _proxy_for(self, url: URL) -> tuple[URL | None, aiohttp.BasicAuth | None]:
        """The environment's proxy for the URL's host (`HTTPS_PROXY`, `NO_PROXY` …), once."""
        key = f"{url.scheme}://{url.host}"
        if key not in self._proxies:
            try:
                self._proxies[key] = get_env_proxy_for_url(url)
            except LookupError:
                self._proxies[key] = (None, None)
        return self._proxies[key]


def _timeout(
    read: float | None, write: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    """aiohttp has no separate write or pool timeout: the wait for a connection and its opening
    share `connect`, and the whole call is bounded by the sum of the four."""
    parts = (read, write, connect, pool)
    total = None if any(part is None for part in parts) else sum(p or 0.0 for p in parts)
    waiting = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=total, connect=waiting, sock_connect=connect, sock_read=read)


def _body(
    request_data: RequestData | None, files: UploadFileDict | None
) -> aiohttp.FormData | BytesPayload | None:
    """Form fields as `HTTPXRequest` sends them; multipart with the files when there are any.

    The fields are encoded here: given a dict, aiohttp builds a `FormData`, whose multipart
    writer draws a random boundary (`uuid4`, a system call) even for a form that never needs one
    (1.3 % of the bot's samples under `benchmarks/load.py`).
    """
    fields = request_data.json_parameters if request_data else None
    if not files:
        if fields is None:
            return None
        return BytesPayload(urlencode(fields).encode(), content_type=_FORM)
    form = aiohttp.FormData()
    for name, value in (fields or {}).items():
        form.add_field(name, value)
    for name, part in files.items():
        if isinstance(part, tuple):
            filename, content, mimetype = part
            form.add_field(name, content, filename=filename, content_type=mimetype)
        else:
            form.add_field(name, part)
    return form
