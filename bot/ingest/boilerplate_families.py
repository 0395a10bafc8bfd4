"""The vocabulary families of boilerplate: subscriptions, log-in, comments, newsletters, cookies,
sharing, "read more", trial offers and advertising, in the languages the cleaning reads."""

from __future__ import annotations

import re
from dataclasses import dataclass


def vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True)
class Family:
    reason: str
    phrases: re.Pattern[str]
    words: frozenset[str]


def _phrases(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.I)


FAMILIES: tuple[Family, ...] = (
    Family(
        "trial_offer",
        _phrases(
            r"\bfree trial\b",
            r"\b\d+[- ](?:day|week|month) (?:free )?trial\b",
            r"\btry (?:it |us |\w+ )?(?:for )?(?:free|\d+|one|two|three|seven|fourteen|thirty)"
            r" ?(?:days?|weeks?|months?)?\b.*\bfree\b",
            r"\b\d+ (?:days?|weeks?|months?) (?:for )?free\b",
            r"\bcancel (?:at )?any ?time\b",
            r"\b(?:special|introductory|limited[- ]time) offer\b",
        ),
        vocabulary(
            "try trial free days weeks offer introductory special save cancel anytime join"
            " today now deal discount month months week"
        ),
    ),
    Family(
        "paywall",
        _phrases(
            r"\b(?:free|complimentary|remaining) (?:articles?|stories|story|views?|reads?)\b",
            r"\b(?:article|reading|monthly|daily) limit\b",
            r"\b(?:already|not) an? (?:subscriber|member)\b",
            r"\bsubscribe (?:now|today|here|for|to)\b",
            r"\bsubscribers? only\b|\bfor subscribers\b|\bsubscriber[- ]exclusive\b",
            r"\bunlimited (?:digital )?access\b",
            r"\bto (?:continue|keep) reading\b",
            r"\bbecome an? (?:subscriber|member|supporter)\b",
            r"\bsupport (?:our|independent|quality|local) journalism\b",
            r"\bif you (?:enjoyed|liked|value|appreciated?|like) (?:this|our|reading|what)\b",
        ),
        vocabulary(
            "subscribe subscribed subscriber subscribers subscription subscriptions subscribing"
            " unlimited access premium limit reached articles article member members membership"
            " journalism support unlock exclusive digital plan plans monthly annual only free"
            " paywall paywalls enjoyed jetzt artikel lesen kostenlos gratis testen monat"
            " статьи статью доступ бесплатно месяц читать"
            " abonnieren abonnement abo abonnent abonnenten подписка подписаться подпишитесь"
            " подписчиков оформите"
        ),
    ),
    Family(
        "login",
        _phrases(
            r"\b(?:log|sign) ?in\b",
            r"\bcreate an? (?:free )?account\b",
            r"\bregister (?:now|for free|here|to)\b",
        ),
        vocabulary(
            "log login logged sign signin register registered registration account password"
            " username create anmelden einloggen registrieren войти войдите авторизуйтесь"
            " зарегистрируйтесь"
        ),
    ),
    Family(
        "comments",
        _phrases(
            r"\b(?:post|leave|add|view|read|show|hide|load|see) (?:a |your |the |all |\d+ )?"
            r"(?:comments?|replies)\b",
            r"\bcomments? (?:are|is|have been) (?:closed|disabled|moderated|now closed)\b",
            r"\bjoin the (?:conversation|discussion|debate)\b",
            r"\bcommunity (?:guidelines|standards|rules)\b",
        ),
        vocabulary(
            "comment comments commenting reply replies discussion conversation community"
            " guidelines post moderated view kommentare kommentieren комментарии"
            " комментировать"
        ),
    ),
    Family(
        "newsletter",
        _phrases(
            r"\bnewsletters?\b",
            r"\b(?:in|to) your inbox\b",
            r"\bemail address\b",
        ),
        vocabulary(
            "newsletter newsletters inbox email sign delivered daily weekly briefing updates"
            " alerts notifications headlines morning evening free"
        ),
    ),
    Family(
        "cookies",
        _phrases(
            r"\bwe use cookies\b",
            r"\bcookie (?:policy|settings|preferences|consent|notice)\b",
            r"\baccept (?:all )?cookies\b",
            r"\bprivacy (?:policy|notice|statement)\b",
            r"\bterms (?:of (?:use|service)|and conditions)\b",
        ),
        vocabulary(
            "cookie cookies privacy policy consent accept settings preferences terms"
            " conditions experience continuing browsing agree"
        ),
    ),
    Family(
        "share",
        _phrases(
            r"\bshare (?:this|on|via|to)\b",
            r"\bfollow (?:us|him|her|them|me|[\w.@]+(?: [A-Z][\w.'’-]*){0,3}) on (?:twitter|x"
            r"|facebook|instagram|linkedin"
            r"|tiktok|youtube|threads|bluesky|mastodon)\b|\bfollow us\b",
            r"\b(?:click|tap) to (?:tweet|share)\b|\btweet this\b",
            r"\bcopy (?:the )?link\b",
        ),
        vocabulary(
            "share facebook twitter whatsapp linkedin pinterest reddit telegram flipboard"
            " email print copy link tweet messenger follow instagram youtube tiktok teilen"
            " поделиться"
        ),
    ),
    Family(
        "read_more",
        _phrases(
            r"\bclick (?:here|the link|below|through)\b",
            r"\btap here\b",
            r"\b(?:read|see|view) (?:the )?(?:full|entire|whole|complete|original|rest of the)"
            r" (?:article|story|report|piece|interview|text)\b",
            r"\bcontinue reading\b|\bread more\b|\bweiterlesen\b|читать далее",
            r"\b(?:related|recommended|more) (?:stories|articles|coverage|reading|news)\b",
            r"^\W*most (?:read|popular|viewed|shared)\b[^.!?]{0,40}$",
            r"\byou (?:may|might) also (?:like|enjoy|be interested)\b|^\W*don[’']?t miss\b",
            r"\bfollow (?:our|\w+[’']s) (?:full |complete |live |latest )?coverage\b",
        ),
        vocabulary(
            "click here tap read more continue reading full entire article story stories"
            " related recommended link below original see popular coverage hier weiterlesen далее"
        ),
    ),
    Family(
        "advertisement",
        _phrases(
            r"^\W*(?:advertisement|advertising|sponsored(?: content)?|ad|anzeige|werbung|реклама)"
            r"\W*$",
            r"\b(?:story|article|text) continues (?:below|after)\b",
            r"\bscroll (?:down )?to continue\b",
        ),
        vocabulary(
            "advertisement advertising sponsored ad ads partner scroll anzeige werbung реклама"
        ),
    ),
)
