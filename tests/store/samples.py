"""Articles and briefs for the store tests, written for them (a made-up town and bridge)."""

from __future__ import annotations

from bot.models import Article, Brief, Claim
from bot.store.base import Store

ENGINE, VERSION = "offline", "1"


def make_article(key: str, url: str | None = None, final_url: str | None = None) -> Article:
    text = f"The mayor of Vellmoor said the {key} bridge would reopen in May."
    return Article(
        url=url,
        final_url=final_url,
        title=f"Bridge {key}",
        paragraphs=[text],
        text=text,
        content_hash=f"hash-{key}",
    )


def make_brief(title: str) -> Brief:
    quote = "the bridge would reopen in May"
    return Brief(
        title=title,
        summary=f"{title}: the mayor expects a May reopening.",
        claims=[Claim(id="c1", text="It reopens in May.", by="the mayor", quote=quote)],
        engine=ENGINE,
    )


async def deliver(
    store: Store,
    chat_id: int,
    key: str,
    *,
    url: str | None = None,
    final_url: str | None = None,
    message_ids: list[int] | None = None,
) -> int:
    article_id = await store.save_article(make_article(key, url, final_url))
    brief_id = await store.save_brief(article_id, make_brief(f"Bridge {key}"), ENGINE, VERSION)
    await store.record_delivery(chat_id, brief_id, message_ids or [])
    return brief_id
