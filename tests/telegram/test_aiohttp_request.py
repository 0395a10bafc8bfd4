"""The bot's Bot API connections on aiohttp: calls, files, timeouts, failures and proxies."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram.aiohttp_request import AiohttpRequest
from bot.testing.telegram import TelegramStandIn


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_calls_go_through_and_answers_come_back(telegram: TelegramStandIn) -> None:
    async with Bot(telegram.token, base_url=telegram.base_url, request=AiohttpRequest()) as bot:
        sent = await bot.send_message(42, "<b>bold</b> and plain", parse_mode="HTML")
        await bot.edit_message_text("edited", chat_id=42, message_id=sent.message_id)
    assert [m.text for m in telegram.sent_messages(42)] == ["edited"]
    assert telegram.calls_to("sendMessage")[0].params["parse_mode"] == "HTML"


async def test_an_unanswered_call_times_out(telegram: TelegramStandIn) -> None:
    telegram.hang_next("sendMessage")
    request = AiohttpRequest(read_timeout=0.2)
    async with Bot(telegram.token, base_url=telegram.base_url, request=request) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(42, "hello")


async def test_a_server_that_is_not_there_is_a_network_error() -> None:
    bot = Bot("1:x", base_url=f"http://127.0.0.1:{closed_port()}/bot", request=AiohttpRequest())
    with pytest.raises(NetworkError):
        async with bot:  # its first call, getMe
            pass


async def test_the_environment_s_proxy_is_used_unless_the_host_is_exempt(
    telegram: TelegramStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    bot = Bot(telegram.token, base_url=telegram.base_url, request=AiohttpRequest())
    with pytest.raises(NetworkError):  # sent to the proxy, which is not there
        async with bot:
            pass
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with Bot(telegram.token, base_url=telegram.base_url, request=AiohttpRequest()) as bot:
        await bot.send_message(42, "straight to the server")
    assert [m.text for m in telegram.sent_messages(42)] == ["straight to the server"]


@pytest.fixture
async def form_echo() -> AsyncIterator[str]:
    """A server answering with the form it was sent: fields, and each file's name and bytes."""

    async def echo(request: web.Request) -> web.Response:
        form = await request.post()
        result: dict[str, object] = {}
        for name, value in form.items():
            if isinstance(value, web.FileField):
                result[name] = [value.filename, value.file.read().decode()]
            else:
                result[name] = value
        return web.json_response({"ok": True, "result": result})

    app = web.Application()
    app.router.add_post("/upload", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/upload"
    finally:
        await runner.cleanup()


async def test_a_file_is_sent_as_multipart_with_the_other_fields(form_echo: str) -> None:
    request = AiohttpRequest()
    await request.initialize()
    try:
        data = RequestData(
            [
                RequestParameter.from_input("chat_id", 42),
                RequestParameter.from_input(
                    "document", InputFile(b"the article", filename="article.txt")
                ),
            ]
        )
        answer = await request.post(form_echo, data)
    finally:
        await request.shutdown()
    assert answer == {"chat_id": "42", "document": ["article.txt", "the article"]}
