"""Pasted-text fixtures and exactly what cleaning should leave of each: the paragraphs that
survive and what was removed, and why."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.article import build_article
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


def pasted_article(name: str) -> Article:
    """Pasted text whose first line is the headline, as the command line treats it."""
    paragraphs = paragraphs_from_text((ARTICLES / f"{name}.txt").read_text(encoding="utf-8"))
    title = None
    if len(paragraphs) > 1 and not paragraphs[0].endswith("."):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    return build_article(paragraphs, title=title)
