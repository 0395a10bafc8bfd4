import pytest

from bot.engines.offline.engine import write_brief
from bot.engines.offline.stance import party_of
from bot.models import Article


def make_article(paragraphs: list[str]) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(title="Charity dispute", paragraphs=paragraphs, text=text, content_hash="h")


def test_one_party_keys_the_same_whatever_its_title() -> None:
    assert party_of("The charity's spokeswoman, Vera Holm") == party_of("Holm")
    assert party_of("a company spokesman") == "spokesman"
    assert party_of("he") is None
    assert party_of(None) is None
    assert party_of("Holm") != party_of("Dana Kite")


def test_the_defence_that_follows_a_denial_stays_a_denial() -> None:
    article = make_article(
        [
            "A former trustee, Dana Kite, accused the Orlen Trust of spending most of its "
            "donations on lavish dinners for its board.",
            "The trust's spokeswoman, Vera Holm, rejected the accusation. "
            '"Every dinner raised more money than it cost," Holm said.',
            "Kite said the board had ignored her warnings for two years.",
        ]
    )
    brief = write_brief(article)
    denials = {denial.quote for denial in brief.denials}
    claims = {claim.quote for claim in brief.claims}
    assert any("rejected the accusation" in quote for quote in denials)
    assert any("Every dinner raised more money" in quote for quote in denials)
    # The accuser's own later statement is not pulled to the other side.
    assert any("ignored her warnings" in quote for quote in claims)


def test_a_party_that_never_denied_keeps_its_claims() -> None:
    article = make_article(
        [
            "The union accused the Pellor mill of cutting safety checks to save money.",
            '"The checks were halved in March," the union\'s secretary, Ari Moss, said.',
            '"We have the rotas to prove it," Moss said.',
        ]
    )
    brief = write_brief(article)
    assert not brief.denials
    assert len(brief.claims) >= 2


def test_an_age_in_apposition_does_not_hide_the_speaker() -> None:
    article = make_article(
        [
            "Ravel, 34, said she had never been paid for the second season of the show.",
            "A lawyer told a court in Osterby that the studio owed Ravel 40,000 crowns.",
        ]
    )
    brief = write_brief(article)
    items = [*brief.claims, *brief.denials]
    first = next(item for item in items if "never been paid" in item.quote)
    assert first.by == "Ravel"


@pytest.mark.parametrize(
    "finding",
    [
        "Three residents said they had heard explosions after midnight on four nights last week.",
        "Three residents said they had watched the spoil heap rise above their gardens.",
        "Tarn police said they recovered four detonators from a shed near the quarry.",
        "The county laboratory said soil samples from the site came back positive for nitrates.",
        "The county health authority found bacteria in water samples from the quarry pond.",
        "Reporters who visited the quarry on Sunday saw fresh blast marks on the north face.",
        "County inspectors photographed the spoil heaps and the blasting shed.",
        "Ada Moss, a farmer, said the detonators had been stripped of their serial numbers.",
        "Ada Moss, a farmer, said the serial numbers on the crates had been filed off.",
        "One help-desk ticket, dated 4 May 2024, says the blasts shook windows a mile away.",
        "Ada Moss, a farmer, said the mines inspectorate had visited the quarry in May and found "
        "its safety plan adequate.",
        '"When our officers opened the shed, they found two crates of detonators," the Tarn '
        "police chief said.",
    ],
)
def test_what_witnesses_saw_searchers_turned_up_and_tests_showed_is_evidence(finding: str) -> None:
    article = make_article(
        ["The Tarn county council accused the Brisk quarry of blasting at night.", finding]
    )
    brief = write_brief(article)
    assert any(finding[:20] in item.quote for item in brief.evidence)


def test_records_before_a_showing_verb_are_the_material_not_a_speaker() -> None:
    article = make_article(
        [
            "The Tarn county council accused the Brisk quarry of blasting at night.",
            "Court records show the quarry was fined twice for night work in 2021.",
        ]
    )
    brief = write_brief(article)
    item = next(item for item in brief.evidence if "Court records" in item.quote)
    assert item.by != "Court"


@pytest.mark.parametrize(
    ("material", "by"),
    [
        (
            "On Friday, phone records presented by the county prosecutor showed calls to the "
            "quarry at night.",
            "the county prosecutor",
        ),
        (
            "Soil samples taken by geologists from the Tarn Institute on Sunday found traces of "
            "explosive.",
            "geologists from the Tarn Institute",
        ),
        (
            "Logs from the council's own noise monitors show blasts after midnight on four days.",
            "Logs from the council's own noise monitors",
        ),
    ],
)
def test_the_source_of_material_is_who_offers_it(material: str, by: str) -> None:
    article = make_article(
        ["The Tarn county council accused the Brisk quarry of blasting at night.", material]
    )
    brief = write_brief(article)
    item = next(item for item in brief.evidence if material[:20] in item.quote)
    assert item.by == by


def test_what_someone_saw_on_the_news_is_not_a_witness_account() -> None:
    article = make_article(
        [
            "The Tarn county council accused the Brisk quarry of blasting at night.",
            "Ada Moss, a farmer, said she saw the blasting on the television news and "
            "believed the quarry had broken its licence.",
        ]
    )
    brief = write_brief(article)
    assert not any("blasting on the television" in item.quote for item in brief.evidence)
    assert any("blasting on the television" in item.quote for item in brief.claims)


@pytest.mark.parametrize(
    "view",
    [
        "said the union saw the strike as the only way forward",
        "said the ruling was widely seen as a defeat for the quarry",
        "said the council saw a need to act before the summer",
        "said quarry towns have seen a sharp rise in complaints",
    ],
)
def test_seeing_one_thing_as_another_is_a_view_not_a_witness_account(view: str) -> None:
    article = make_article(
        [
            "The Tarn county council accused the Brisk quarry of blasting at night.",
            f"Ada Moss, a farmer, {view}.",
        ]
    )
    brief = write_brief(article)
    assert not any("Ada Moss" in item.quote for item in brief.evidence)


def test_a_party_named_by_a_plain_noun_phrase_can_deny() -> None:
    article = make_article(
        [
            "Parents accused the Hollin school board of hiding test results from them.",
            "The regional school trust denied that any results had been withheld.",
        ]
    )
    brief = write_brief(article)
    denial = next(item for item in brief.denials if "denied that" in item.quote)
    assert denial.by == "The regional school trust"


def test_has_never_from_the_accused_is_a_denial() -> None:
    article = make_article(
        [
            "A rival club accused Orsk United of paying referees before three home games.",
            '"Orsk United has never paid a referee and never will," the club\'s chairman, '
            "Ivo Lenk, said.",
        ]
    )
    brief = write_brief(article)
    assert any("has never paid a referee" in item.quote for item in brief.denials)


def test_the_party_an_accusation_names_answers_with_a_denial() -> None:
    article = make_article(
        [
            "Residents of Tarn accused the Halvor Quarry Company of blasting after midnight.",
            "Quarry manager Edvin Halvor said no blast last month had been set off after "
            "eight in the evening.",
            "A resident, Mira Solberg, said the windows of her house shook at 1 a.m.",
        ]
    )
    brief = write_brief(article)
    assert any("no blast last month" in item.quote for item in brief.denials)
    assert all("windows of her house" not in item.quote for item in brief.denials)


def test_the_accused_partys_other_remarks_answer_nothing() -> None:
    article = make_article(
        [
            "Residents of Tarn accused the Halvor Quarry Company of blasting after midnight.",
            "Quarry manager Edvin Halvor said the company would open a second blasting site "
            "in the spring after midnight talks with the council.",
        ]
    )
    brief = write_brief(article)
    assert brief.denials == []


def test_a_bare_denial_and_the_words_that_follow_it_are_one_item() -> None:
    article = make_article(
        [
            "A former volunteer, Noor Hale, accused the Vessa Trust of selling donated "
            "clothes to a market trader.",
            "The Vessa Trust rejected the accusation. "
            '"Every donated coat went to a family in need," the Vessa Trust said.',
        ]
    )
    brief = write_brief(article)
    assert len(brief.denials) == 1
    assert "rejected the accusation" in brief.denials[0].quote
    assert "Every donated coat" in brief.denials[0].quote


def test_a_denial_with_words_of_its_own_stays_apart_from_the_next() -> None:
    article = make_article(
        [
            "A former volunteer, Noor Hale, accused the Vessa Trust of selling donated "
            "clothes to a market trader.",
            'The Vessa Trust called the accusation "a spiteful lie told by a sacked worker." '
            '"Every donated coat went to a family in need," the Vessa Trust said.',
        ]
    )
    brief = write_brief(article)
    assert len(brief.denials) == 2


def test_parties_that_only_share_a_capital_the_are_different_parties() -> None:
    assert party_of("The militia's spokesman") != party_of("The army")
    article = make_article(
        [
            "Gunmen raided the village of Tessa on Monday, officials in the province said.",
            "The militia's spokesman said the accusations were baseless.",
            "The army said the group had raided the village to punish it for helping soldiers.",
        ]
    )
    brief = write_brief(article)
    assert [denial.by for denial in brief.denials] == ["The militia's spokesman"]
    assert any(claim.by == "The army" for claim in brief.claims)


def test_what_a_search_turned_up_is_evidence_even_when_someone_reports_it() -> None:
    article = make_article(
        [
            "Police searched the charity's offices on Tuesday.",
            "Police recovered three laptops and two rifles from a back room, the district's "
            "police chief, Oren Vale, said.",
        ]
    )
    brief = write_brief(article)
    assert [item.by for item in brief.evidence] == ["the district's police chief, Oren Vale"]
    assert not brief.claims


def test_material_shown_before_a_caveat_is_the_item_with_its_caveat() -> None:
    article = make_article(
        [
            "The charity's director, Vera Holm, accused the Orlen Trust of hiding its losses.",
            "Bank statements released by the trust show payments to three suppliers, though "
            "auditors said the statements were not positive proof of where the money went.",
        ]
    )
    brief = write_brief(article)
    [evidence] = brief.evidence
    assert evidence.quote.startswith("Bank statements released by the trust show")
    assert evidence.text.startswith("Bank statements released by the trust show")


@pytest.mark.parametrize(
    "sentence",
    [
        "The video, which was posted online on Sunday, shows men loading crates onto a truck.",
        "In the footage, several men can be seen carrying rifles across the river.",
        "The bodies of 12 people were recovered from the site on Tuesday.",
    ],
)
def test_material_and_what_a_search_turned_up_are_evidence_in_the_outlet_s_words(
    sentence: str,
) -> None:
    article = make_article(
        ["Officials in Varland accused the Morvian army of shelling the camp near Dren.", sentence]
    )
    brief = write_brief(article)
    assert [item.quote for item in brief.evidence] == [sentence]


def test_a_verdict_or_a_death_in_the_passive_is_not_evidence_of_a_search() -> None:
    article = make_article(
        [
            "Officials in Varland accused the Morvian army of shelling the camp near Dren.",
            "The minister was found guilty of fraud in 2019.",
        ]
    )
    assert not write_brief(article).evidence


def test_a_bare_denial_and_the_words_of_the_party_described_next_are_one_item() -> None:
    article = make_article(
        [
            "A former driver, Ola Brisk, accused Tamber Freight of falsifying its drivers' "
            "rest logs for two years.",
            "Tamber Freight rejected the accusation. "
            '"The accusation is false, and every log is checked," the company said.',
        ]
    )
    brief = write_brief(article)
    assert len(brief.denials) == 1
    assert "every log is checked" in brief.denials[0].quote
    assert brief.denials[0].quote.startswith("Tamber Freight rejected")


def test_a_denial_by_another_party_described_next_stays_its_own_item() -> None:
    article = make_article(
        [
            "A former driver, Ola Brisk, accused Tamber Freight of falsifying its drivers' "
            "rest logs for two years.",
            "Tamber Freight rejected the accusation. "
            '"The logs were never checked by anyone," an opposition spokesman said.',
        ]
    )
    brief = write_brief(article)
    assert all("an opposition spokesman said" not in d.quote for d in brief.denials[:1])
    assert not any(
        "rejected the accusation" in d.quote and "opposition spokesman" in d.quote
        for d in brief.denials
    )


def test_a_denial_and_the_quotation_its_speaker_goes_on_with_are_one_item() -> None:
    article = make_article(
        [
            "Residents of Lisk accused the Harrow quarry of blasting at night.",
            "The quarry's manager, Edda Vorn, said the claims about night blasting were false. "
            '"Our crews have not set off a charge after six in years," she said.',
        ]
    )
    brief = write_brief(article)
    assert len(brief.denials) == 1
    assert "after six in years" in brief.denials[0].quote


def test_a_further_report_of_what_a_denier_said_is_a_point_of_its_own() -> None:
    article = make_article(
        [
            "Residents of Lisk accused the Harrow quarry of blasting at night.",
            "The quarry's manager, Edda Vorn, called the claims about night blasting false. "
            "She also said the quarry had never blasted within a kilometre of any home.",
        ]
    )
    brief = write_brief(article)
    quotes = [denial.quote for denial in brief.denials]
    assert not any("called the claims false" in q and "within a kilometre" in q for q in quotes)


def test_a_negation_answering_evidence_about_its_speaker_is_a_denial() -> None:
    article = make_article(
        [
            "A laboratory test found listeria in cheese made by Hollin Dairy, the food "
            "agency said on Monday.",
            "Hollin Dairy's owner, Per Dahl, said his cheese had never carried listeria.",
        ]
    )
    brief = write_brief(article)
    assert any("never carried listeria" in denial.quote for denial in brief.denials)


def test_a_negation_sharing_words_with_evidence_about_another_party_is_no_denial() -> None:
    article = make_article(
        [
            "A laboratory test found listeria in cheese made by Hollin Dairy, the food "
            "agency said on Monday.",
            "A shopper, Ula Brand, said her own cheese had never carried listeria.",
        ]
    )
    brief = write_brief(article)
    assert not any("never carried listeria" in denial.quote for denial in brief.denials)


def test_a_bare_denial_and_its_own_body_s_spokeswoman_next_are_one_item() -> None:
    article = make_article(
        [
            "Norra accused Vesk of moving troops to the border.",
            "Vesk's Defence Ministry rejected the accusation within hours. "
            '"The claim is false from start to finish," ministry spokeswoman Kaja Linn said.',
        ]
    )
    brief = write_brief(article)
    assert len(brief.denials) == 1
    assert "false from start to finish" in brief.denials[0].quote


def test_a_spokesman_of_another_body_next_stays_apart() -> None:
    article = make_article(
        [
            "Norra accused Vesk of moving troops to the border.",
            "Vesk's Defence Ministry rejected the accusation within hours. "
            '"The claim is false from start to finish," union spokesman Aro Sell said.',
        ]
    )
    brief = write_brief(article)
    assert not any(
        "within hours" in d.quote and "union spokesman" in d.quote for d in brief.denials
    )


ROAD_CLAIM = (
    "Residents of Tarnby said lorries carrying stone from the Helm quarry were cracking the "
    "village road and ignoring its weight limit."
)


def test_a_party_saying_it_kept_to_the_rules_answers_the_claim() -> None:
    brief = write_brief(
        make_article(
            [
                ROAD_CLAIM,
                "The haulage firm Tarn Trucks, which carries the stone, said its lorries had "
                "complied with every weight regulation on the village road.",
            ]
        )
    )
    assert any("complied with every" in denial.quote for denial in brief.denials)
    assert not any("complied with every" in claim.quote for claim in brief.claims)


def test_keeping_to_the_rules_on_another_matter_stays_a_claim() -> None:
    brief = write_brief(
        make_article(
            [
                ROAD_CLAIM,
                "The Tarnby bakery, owned by Ines Holt, said its new ovens met every safety "
                "standard for bread.",
            ]
        )
    )
    assert not any("new ovens" in denial.quote for denial in brief.denials)


def test_the_limits_of_a_method_are_no_rule_kept() -> None:
    brief = write_brief(
        make_article(
            [
                ROAD_CLAIM,
                "The haulage firm Tarn Trucks, which carries the stone, said the new road sensors "
                "found cracks within the limits of their measuring method.",
            ]
        )
    )
    assert not any("measuring method" in denial.quote for denial in brief.denials)
