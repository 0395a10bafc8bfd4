"""What the fetcher's tests share: the pages served, the settings fetched with (closed, or open
to loopback as a developer would set it), a recording fake DNS, and the one-line check of an
error's wording."""

from __future__ import annotations

import socket

import pytest

from bot.config import Settings
from bot.errors import FetchError

ARTICLE = (
    b"<!DOCTYPE html><html><head><title>Ferry timetable</title></head><body>"
    b"<p>The Lindqvist Bay ferry will run every forty minutes from Monday.</p></body></html>"
)

RUSSIAN = (
    "Городской совет Верхнего Озерска в четверг одобрил план ремонта старого моста через реку "
    "Светлую. По словам председателя совета Анны Кравец, работы начнутся весной и займут около "
    "восьми месяцев. Жители северного берега жалуются, что объезд удлинит дорогу до рынка почти "
    "на полчаса. Представитель подрядчика заявил, что временный пешеходный настил откроют уже "
    "в апреле."
)
JAPANESE = (
    "架空の港町ミナトハマでは、今年の夏祭りが三年ぶりに通常の規模で開かれることになった。"
    "実行委員長の佐倉陽子さんは、花火の数を昨年の二倍に増やすと説明した。"
    "一方で、商店街の一部からは、駐車場が足りないという声も上がっている。"
    "市は臨時のバスを運行する予定だと発表した。"
)


def closed_settings(**overrides: str) -> Settings:
    """The default policy: nothing allowed beyond public addresses. Values as in the environment."""
    return Settings.from_environ({f"BRIEFBOT_{name.upper()}": v for name, v in overrides.items()})


def loopback_settings(**overrides: str) -> Settings:
    """What a developer sets to try the bot on a local server: BRIEFBOT_FETCH_ALLOW=127.0.0.1."""
    return closed_settings(**{"fetch_allow": "127.0.0.1", **overrides})


class RecordingResolver:
    """A fake DNS: fixed answers per host, and a log of every question asked."""

    def __init__(self, answers: dict[str, list[list[str]]] | None = None) -> None:
        self.answers = answers or {}
        self.questions: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.questions.append(host)
        replies = self.answers.get(host)
        if not replies:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return replies.pop(0) if len(replies) > 1 else replies[0]


def one_line_naming(error: pytest.ExceptionInfo[FetchError], host: str) -> str:
    message = str(error.value)
    assert "\n" not in message
    assert host in message
    return message
