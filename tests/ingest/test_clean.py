"""Cleaning of pasted text: exactly which paragraphs survive and what was removed, and why."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.errors import EmptyArticleError
from bot.ingest.article import build_article, content_hash
from bot.ingest.clean import clean_paragraphs
from bot.ingest.text_paragraphs import paragraphs_from_text
from bot.models import Article

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"

# fixture -> (paragraphs that survive, [(reason, removed text), ...] in the order reported)
EXPECTED: dict[str, tuple[list[str], list[tuple[str, str]]]] = {
    "pasted_german": (
        [
            (
                "Ab dem 1. April fährt eine neue Buslinie zwischen Tannrode und dem "
                "Kreisklinikum in Helmsfeld. Die Linie 47 verkehrt werktags im "
                "Stundentakt, am Wochenende alle zwei Stunden."
            ),
            (
                "Der Landkreis reagiert damit auf Beschwerden von Patienten und "
                "Beschäftigten, die bislang zweimal umsteigen mussten. Die Fahrzeit "
                "verkürzt sich nach Angaben des Verkehrsverbunds von 55 auf 25 Minuten."
            ),
            (
                '„Für viele ältere Menschen war der Weg zum Klinikum eine Tagesreise", '
                "sagte Landrätin Miriam Sollner bei der Vorstellung der Linie."
            ),
            (
                "Die Kosten von rund 400.000 Euro im Jahr teilen sich Landkreis und "
                "Klinikum. Der Versuch ist zunächst auf zwei Jahre angelegt."
            ),
        ],
        [
            (
                "paywall",
                "Jetzt abonnieren und alle Artikel lesen. "
                "Sie sind bereits Abonnent? Hier anmelden.",
            ),
            ("advertisement", "Anzeige"),
            ("photo_credit", "Foto: Karsten Weil/dpa"),
        ],
    ),
    "pasted_hard_wrapped": (
        [
            (
                "The harbour board in Saltmere has agreed to raise mooring dues by 8% "
                "from January, the first increase since 2019. The board said the money "
                "would pay for new pontoons and a second fuel berth."
            ),
            (
                "Local fishermen said the rise was fair but asked the board to keep the "
                "winter rate for boats that stay in the harbour all year."
            ),
        ],
        [
            (
                "newsletter",
                (
                    "Sign up for our weekly Harbour Notes newsletter and get the news "
                    "straight to your inbox."
                ),
            ),
        ],
    ),
    "pasted_japanese": (
        [
            "湊川市の中心部に新しい市立図書館が１日、開館した。蔵書は約３０万冊で、旧館のおよそ２倍となる。",
            "新館は旧市役所の跡地に建てられ、３階建ての館内には子ども向けの読み聞かせ室や自習室が設けられた。",
            "開館式で市長の山崎和也氏は「市民が集まり、学び合える場所にしたい」と述べた。",
            "開館時間は午前９時から午後８時までで、毎週月曜日は休館となる。",
        ],
        [
            ("login", "この記事の続きを読むには会員登録が必要です。"),
            ("advertisement", "広告"),
        ],
    ),
    "pasted_line_per_paragraph": (
        [
            (
                "All schools on the Brannock coast will stay closed on Thursday as a "
                "storm with gusts of up to 120 km/h moves in from the west."
            ),
            "The regional education office said buses could not run safely on the coast road.",
            (
                "Parents of children at boarding schools in Harl will be contacted "
                "directly by the schools, the office said."
            ),
            "The weather service expects the wind to ease by Friday afternoon.",
        ],
        [
            (
                "cookies",
                (
                    "We use cookies to give you the best experience. By continuing to use "
                    "this site you agree to our cookie policy."
                ),
            ),
            ("share", "Share on Facebook Share on Twitter Share via Email"),
        ],
    ),
    "pasted_passing_mentions": (
        [
            (
                "The regional broadcaster Kanal Vest lost about 21% of its paying "
                "subscribers last year, its annual report shows, as younger viewers "
                "moved to free streaming services."
            ),
            (
                "The ministry declined to comment on the subscription figures, which "
                "rose 4% last year."
            ),
            (
                "Chief executive Hanne Ravik said the company would launch a cheaper "
                'plan without sport in the spring. "We have to give people a reason to '
                'pay again," she said.'
            ),
            (
                "Readers' comments on the broadcaster's own website were overwhelmingly "
                "critical of the price rise in January, when the monthly fee went from "
                "89 to 119 crowns."
            ),
            (
                "Ravik also said the company had stopped using advertising cookies on "
                "its news site after a complaint to the data protection authority."
            ),
            "Kanal Vest will publish its first quarterly results under the new plan in May.",
        ],
        [],
    ),
    "pasted_paywall_repeat": (
        [
            (
                "The walk-in clinic in Kettle Ford will stay open for at least two more "
                "years after the regional health board agreed a late funding deal on "
                "Friday, ending months of uncertainty for about 6,000 patients."
            ),
            (
                "The board had planned to merge the clinic with the larger practice in "
                "Drovan, 19 kilometres away, to save an estimated 600,000 crowns a "
                "year."
            ),
            (
                '"People here are older and many of them do not drive. Nineteen '
                'kilometres is a long way when you are ill," said Dr Anneli Sorsby, who '
                "has worked at the clinic since 2009."
            ),
            (
                "Under the deal, the town council will pay the clinic's rent and the "
                "health board will keep funding two doctors and a nurse. Opening hours "
                "will be cut from six days a week to five."
            ),
            (
                "Board chair Wilfred Anstey said the decision would be reviewed in 2026 "
                "and declined to comment on whether other rural clinics could face the "
                "same review."
            ),
        ],
        [
            (
                "paywall",
                (
                    "You've reached your daily free article limit. Subscribe to the Valley "
                    "Herald for unlimited access to local news."
                ),
            ),
            ("paywall", "Already a subscriber? Log In"),
            ("photo_credit", "Photo: Marten Quayle/Valley Herald"),
            ("trial_offer", "Join the Valley Herald today. TRY 14 DAYS FREE"),
            ("comments", "COMMENTS"),
            (
                "comments",
                "You must become a subscriber or login to view or post comments on this article.",
            ),
            (
                "credit",
                (
                    "This article first appeared in the Kettle Ford Gazette. Click here to "
                    "read the entire article."
                ),
            ),
            (
                "duplicate",
                (
                    "The walk-in clinic in Kettle Ford will stay open for at least two more "
                    "years after the regional health board agreed a late funding deal on "
                    "Friday, ending months of uncertainty for about 6,000 patients."
                ),
            ),
            (
                "duplicate",
                (
                    "The board had planned to merge the clinic with the larger practice in "
                    "Drovan, 19 kilometres away, to save an estimated 600,000 crowns a "
                    "year."
                ),
            ),
            (
                "duplicate",
                (
                    '"People here are older and many of them do not drive. Nineteen '
                    'kilometres is a long way when you are ill," said Dr Anneli Sorsby, who '
                    "has worked at the clinic since 2009."
                ),
            ),
        ],
    ),
    "pasted_photo_credits": (
        [
            (
                "Workers on Tuesday closed the last gap in the new flood barrier along "
                "the river Werrin, three weeks before the start of the storm season."
            ),
            (
                "The 2.4-kilometre wall of steel and concrete protects about 900 homes "
                "in Lower Bramwick that flooded twice in the past decade."
            ),
            (
                "Engineers will test the six floodgates next month. The water authority "
                "said the barrier was built to hold back a flood twice as high as the "
                "one that hit the town in 2019."
            ),
            (
                "Residents who were moved out during the work can return to their homes "
                "from Saturday."
            ),
        ],
        [
            ("photo_credit", "Photo courtesy of the Werrin Valley Water Authority"),
            ("photo_credit", "Photo: Ola Brekke/AP"),
            ("photo_credit", "Getty Images"),
            (
                "photo_credit",
                "A crane lowers a floodgate into place on the Werrin. (AP Photo/Ola Brekke)",
            ),
        ],
    ),
    "pasted_quote_twice": (
        [
            (
                "The mayor of Lindholt, Oskar Venning, said on Wednesday he would not "
                "step down after an audit found that a harbour dredging contract had "
                "been awarded without a tender."
            ),
            (
                '"I made a mistake in the paperwork, not in the decision. The harbour '
                "needed dredging and the company we chose was the only one with a free "
                'vessel," Venning told reporters outside the town hall.'
            ),
            (
                "The audit office said the contract, worth 1.3 million crowns, should "
                "have been advertised across the region."
            ),
            (
                'Opposition councillor Ruth Alderley said the mayor had "treated public '
                'money as his own" and called for a vote of no confidence next week.'
            ),
            (
                "The dredging company, Nordvik Marine, said it had done the work on "
                "time and below the estimated cost."
            ),
        ],
        [
            (
                "duplicate",
                (
                    '"I made a mistake in the paperwork — not in the decision! The harbour '
                    "needed dredging, and the company we chose was the only one with a free "
                    'vessel," Venning told reporters outside the town hall.'
                ),
            ),
            (
                "near_duplicate",
                "The audit office said the contract, worth 1.3 million crowns, should have…",
            ),
            (
                "near_duplicate",
                (
                    'Opposition councillor Ruth Alderley said the mayor had "treated public '
                    'money as his own" and called for a vote of no confidence this week.'
                ),
            ),
        ],
    ),
    "pasted_read_more_tail": (
        [
            (
                "Volunteers counted 412 grey seals at Halvor Point during the annual "
                "survey on Sunday, the highest number since counts began in 1987."
            ),
            (
                "The survey team said mild weather and calm seas in October had helped "
                "the pups survive their first weeks."
            ),
        ],
        [
            ("read_more", "Click here to read the entire article."),
            ("read_more", "Related: Seal pups rescued after autumn storms"),
            ("read_more", "Read more: How the Halvor Point survey began"),
            (
                "paywall",
                (
                    "If you enjoyed this article, please consider supporting our "
                    "journalism. Become a member today."
                ),
            ),
            ("share", "Follow us on Twitter and Facebook."),
        ],
    ),
    "pasted_russian": (
        [
            (
                "В Северогорске в субботу открыли движение по новому мосту через реку "
                "Лаву. Строительство продолжалось три года и обошлось городу в 2,1 млрд "
                "рублей."
            ),
            (
                "Новый мост длиной 640 метров заменил старую переправу, построенную в "
                "1958 году. По словам мэра Ольги Дербеневой, время в пути из заречных "
                "районов в центр сократится почти вдвое."
            ),
            (
                "«Мы ждали этого моста тридцать лет», — сказала жительница посёлка "
                "Заречный Нина Кольцова."
            ),
            (
                "Старый мост закроют на ремонт в июне, после чего его откроют только "
                "для пешеходов и велосипедистов."
            ),
        ],
        [
            ("paywall", "Подпишитесь на наш канал, чтобы первыми узнавать главные новости города."),
            ("advertisement", "Реклама"),
            ("photo_credit", "Фото: пресс-служба администрации Северогорска"),
        ],
    ),
    "pasted_very_short": (
        [
            (
                "The Corran Island ferry will not run on Sunday because of high winds, "
                "the operator said."
            ),
        ],
        [],
    ),
}


def _pasted_article(name: str) -> Article:
    """Pasted text whose first line is the headline, as the command line treats it."""
    paragraphs = paragraphs_from_text((ARTICLES / f"{name}.txt").read_text(encoding="utf-8"))
    title = None
    if len(paragraphs) > 1 and not paragraphs[0].endswith("."):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    return build_article(paragraphs, title=title)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pasted_article_keeps_exactly_the_article(name: str) -> None:
    article = _pasted_article(name)
    paragraphs, removed = EXPECTED[name]
    assert article.paragraphs == paragraphs
    assert [(item.reason, item.text) for item in article.removed] == removed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_removed_counts_match_removed(name: str) -> None:
    article = _pasted_article(name)
    counts: dict[str, int] = {}
    for reason, _text in EXPECTED[name][1]:
        counts[reason] = counts.get(reason, 0) + 1
    assert article.removed_counts == counts
    assert article.text == "\n\n".join(article.paragraphs)


def test_paywall_article_counts_each_kind_of_noise() -> None:
    article = _pasted_article("pasted_paywall_repeat")
    assert article.removed_counts == {
        "paywall": 2,
        "photo_credit": 1,
        "trial_offer": 1,
        "comments": 2,
        "credit": 1,
        "duplicate": 3,
    }
    assert article.title == "Kettle Ford clinic to stay open after late funding deal"


def test_passing_mentions_of_subscriptions_and_comments_stay() -> None:
    article = _pasted_article("pasted_passing_mentions")
    assert article.removed == []
    assert (
        "The ministry declined to comment on the subscription figures, which rose 4% last year."
        in article.paragraphs
    )


def test_text_that_is_all_boilerplate_is_an_empty_article() -> None:
    with pytest.raises(EmptyArticleError, match="boilerplate"):
        _pasted_article("pasted_all_boilerplate")


def test_empty_paragraph_list_is_an_empty_article() -> None:
    with pytest.raises(EmptyArticleError):
        build_article(["   ", ""])


def test_languages_are_guessed_for_pasted_text() -> None:
    assert _pasted_article("pasted_german").language == "de"
    assert _pasted_article("pasted_russian").language == "ru"
    assert _pasted_article("pasted_japanese").language == "ja"
    assert _pasted_article("pasted_very_short").language == "en"


def test_given_metadata_is_kept() -> None:
    article = build_article(
        ["The dam at Orvik will be raised by two metres, the water board said on Monday."],
        url="https://example.org/a",
        final_url="https://example.org/a?x=1",
        title="Orvik dam",
        site="Example",
        author="R. Lund",
        published="2024-02-03",
        language="sv",
    )
    assert (article.url, article.final_url, article.title, article.site) == (
        "https://example.org/a",
        "https://example.org/a?x=1",
        "Orvik dam",
        "Example",
    )
    assert (article.author, article.published, article.language) == ("R. Lund", "2024-02-03", "sv")


def test_content_hash_is_sha256_of_the_text_and_ignores_spacing() -> None:
    article = build_article(["First  paragraph of the story.", "Second paragraph, with a quote."])
    expected = hashlib.sha256(
        b"First paragraph of the story. Second paragraph, with a quote."
    ).hexdigest()
    assert article.content_hash == expected
    respaced = build_article(["First paragraph of the story.", " Second paragraph, with a quote. "])
    assert respaced.content_hash == article.content_hash
    assert content_hash("Other text.") != article.content_hash


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Subscribe now and get your first month for 1 crown.", "paywall"),
        ("Create a free account to keep reading.", "login"),
        ("Leave a comment", "comments"),
        ("Get our evening briefing in your inbox every weekday.", "newsletter"),
        ("We use cookies to personalise content. Manage your cookie settings.", "cookies"),
        ("Share on WhatsApp", "share"),
        ("Continue reading", "read_more"),
        ("ADVERTISEMENT", "advertisement"),
        ("Photo by Lena Marsh for the Courier", "photo_credit"),
        ("Workers clear the road near Halby. Photo: Ivo Brandt/Reuters", "photo_credit"),
        ("Start your 7-day free trial today.", "trial_offer"),
        ("Filed under: Transport, Harbour", "tags"),
        ("Reporting by Mina Osei; editing by Tom Ruhl", "credit"),
        ("Additional reporting from Tom Ruhl.", "credit"),
        ("By Mina Osei and Tom Ruhl, Harbour Courier", "byline"),
        ("Mina Osei reported from Halby, Norland.", "byline"),
        ("Freelance journalist Mina Osei reported from Halby.", "byline"),
        ("Tom Ruhl contributed reporting.", "byline"),
        ("Follow Mina Osei on Twitter @minaosei.", "share"),
        ("RelatedHalby: Will the ferry ever return?", "read_more"),
        ("Storm closes the coast road for a week [VIDEO]", "read_more"),
        ("Don't miss", "read_more"),
        ("FILE - In this May 2, 2022 photo, ferries wait at the quay in Halby.", "photo_caption"),
        ("Ferries wait at the quay in Halby. (File photo)", "photo_caption"),
        ("Getty/Instagram.", "photo_credit"),
        ("Updated at 4:05 p.m.", "metadata"),
    ],
)
def test_boilerplate_families(text: str, reason: str) -> None:
    result = clean_paragraphs(["The ferry resumed service on Tuesday, the operator said.", text])
    assert result.paragraphs == ["The ferry resumed service on Tuesday, the operator said."]
    assert [(item.reason, item.text) for item in result.removed] == [(reason, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry declined to comment on the subscription figures, which rose 4% last year.",
        "She said the newsletter had 3,000 readers before the paper closed.",
        "Subscribers to the energy plan will pay 12% more from March, the regulator said.",
        "The bakery sells cookies and bread from a window on Quay Street.",
        "Shares in the ferry operator fell 6% after the announcement.",
        "Log in details of 40,000 customers were stolen in the attack, police said.",
        "Click, the town's only cinema, will reopen in June after repairs to its roof.",
        "By Tuesday, the river had risen two metres above the quay.",
        "Reuters reported from Halby that the ferry had sunk.",
        "Mr. Ruhl reported from the front line for a decade before joining the council.",
        "In this town, the ferry is everything, the mayor said.",
        "The police released a photo of the van on Friday.",
    ],
)
def test_article_sentences_with_boilerplate_words_stay(text: str) -> None:
    result = clean_paragraphs([text])
    assert result.paragraphs == [text]
    assert result.removed == []


def test_repeated_list_and_table_lines_are_not_treated_as_repeats() -> None:
    schedule = [
        "Monday: 1 ferry at 6.40, 1 at 18.10",
        "Tuesday: 1 ferry at 6.40, 1 at 18.10",
        "Monday: 1 ferry at 6.40, 1 at 18.10",
        "Yes.",
        "Yes.",
    ]
    assert clean_paragraphs(schedule).paragraphs == schedule


def test_a_call_glued_to_the_end_of_a_paragraph_is_cut_off() -> None:
    result = clean_paragraphs(
        ["The mayor said the pier would reopen in spring. Click here to read the full story."]
    )
    assert result.paragraphs == ["The mayor said the pier would reopen in spring."]
    assert [(item.reason, item.text) for item in result.removed] == [
        ("read_more", "Click here to read the full story.")
    ]


def test_headline_repeated_at_the_top_is_dropped_when_the_title_is_known() -> None:
    result = clean_paragraphs(
        ["Storm closes schools", "All schools will stay closed on Thursday, officials said."],
        title="Storm closes schools - Brannock News",
    )
    assert result.paragraphs == ["All schools will stay closed on Thursday, officials said."]
    assert [(item.reason, item.text) for item in result.removed] == [
        ("title", "Storm closes schools")
    ]


def test_a_list_of_other_headlines_is_dropped_but_a_lone_subheading_stays() -> None:
    body = ["The ferry resumed service on Tuesday, the operator said.", "Tickets cost 4 crowns."]
    links = [
        "Seven Ferries That Changed the Coast",
        "Why the Harbour Town Still Waits for Its Bridge",
        "The Quiet Decline of the Island Fisheries",
    ]
    result = clean_paragraphs([body[0], "Where the Money Went", body[1], *links])
    assert result.paragraphs == [body[0], "Where the Money Went", body[1]]
    assert [(item.reason, item.text) for item in result.removed] == [
        ("read_more", text) for text in links
    ]


def test_headlines_under_a_related_label_are_dropped() -> None:
    body = ["The ferry resumed service on Tuesday, the operator said.", "Tickets cost 4 crowns."]
    result = clean_paragraphs(
        [body[0], "Related", "Harbour Town Still Waits for Its Bridge", body[1]]
    )
    assert result.paragraphs == body


def test_a_schedule_in_title_case_is_not_a_list_of_links() -> None:
    schedule = [
        "Ferry Timetable for the Summer Season:",
        "June 9 -- North Quay, Halby",
        "June 16 -- Harbour Pier, Tolm",
        "June 23 -- Old Landing Stage, Varne",
    ]
    result = clean_paragraphs(
        ["The ferry resumed service on Tuesday, the operator said.", *schedule]
    )
    assert result.paragraphs[1:] == schedule


def test_a_paragraph_printed_again_with_a_slip_is_dropped_anywhere_in_a_long_paste() -> None:
    places = ["Marrow Bay", "Tellis", "Okafor", "Carrow", "Helmsfeld", "Tannrode", "Lakeside"]
    filler = [
        f"Council meeting number {n} in {places[n % 7]} discussed item {n * 7} of the "
        f"{places[(n * 3) % 7]} budget and adjourned after {n % 50 + 10} minutes of debate."
        for n in range(600)
    ]
    quoted = (
        'The inspector wrote that "the berth was never tested", a line the harbour board '
        "has not disputed in any of its statements since the spring."
    )
    slipped = quoted.replace("never tested", "never testd")
    paragraphs = [*filler[:150], quoted, *filler[150:], slipped]

    result = clean_paragraphs(paragraphs)

    assert quoted in result.paragraphs
    assert slipped not in result.paragraphs
    assert [(item.reason, item.text) for item in result.removed] == [("near_duplicate", slipped)]
