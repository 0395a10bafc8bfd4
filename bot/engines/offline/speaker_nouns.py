"""The word families a speaker phrase's head is judged by: bodies, documents, things that cannot
speak, people named by a plain noun, and the endings of words for people.

Each family is a general class of English nouns (or adjectives, for `POSTMODIFIERS`), not the
words of any article; `speakers` reads them to tell a person from a body, a document or a thing.
"""

from __future__ import annotations

ORGANISATION_HEADS = frozenset(
    (
        "ministry", "government", "office", "department", "agency", "council", "committee",
        "board", "company", "firm", "group", "party", "union", "campaign", "commission",
        "embassy", "military", "army", "police", "court", "administration", "institute",
        "coalition", "alliance", "federation", "association", "organisation", "organization",
        "newspaper", "house", "team", "authority", "authorities", "bank", "university", "city",
        "town", "village", "county", "province", "region", "municipality", "state", "country",
        "hospital", "school", "network", "station", "club", "church", "prosecutor's",
    )
)  # fmt: skip
DOCUMENT_HEADS = frozenset(
    (
        "report", "study", "survey", "poll", "polls", "documents", "records", "data", "figures",
        "findings", "analysis", "statement", "tests", "reports", "studies", "surveys", "letter",
        "brief", "filing", "lawsuit", "complaint", "ruling", "memo", "indictment", "audit",
        "review", "investigation", "inquiry", "average", "averages", "forecast", "forecasts",
        "projection", "projections", "estimates", "tally", "census", "index",
    )
)  # fmt: skip
# Things that are shown or happen but cannot speak: a video shows, it does not say.
MUTE_HEADS = frozenset(
    (
        "video", "videos", "footage", "image", "images", "photo", "photos", "photograph",
        "photographs", "picture", "pictures", "tape", "tapes", "recording", "recordings",
        "clip", "clips", "murder", "murders", "killing", "killings", "death", "deaths",
        "shooting", "shootings", "attack", "attacks", "crash", "explosion", "fire", "blast",
        "incident", "event", "events", "war", "storm", "move", "moves", "plan", "plans",
        "decision", "idea", "thing", "things", "way", "stock", "stocks", "shares", "quarter",
        "earnings", "hearing", "hearings", "impeachment", "question", "questions", "list",
        "game", "games", "book", "books", "song", "songs", "album", "film", "movie", "device",
        "devices", "product", "products", "price", "prices", "market", "markets", "sales",
        "deal", "vote", "season", "goal", "goals", "story", "stories",
        "version", "feature", "features", "model", "models", "app", "apps", "phone", "phones",
        "smartphone", "smartphones", "laptop", "laptops", "tablet", "tablets", "computer",
        "computers", "router", "routers", "camera", "cameras", "console", "consoles", "gadget",
        "gadgets", "car", "cars", "vehicle", "vehicles", "chip", "chips", "option", "options",
        "alternative", "alternatives",
    )
)  # fmt: skip
# People and groups of people whose nouns end like no role ("the couple", "the children").
PEOPLE_NOUNS = frozenset(
    (
        "family", "couple", "couples", "child", "children", "kid", "kids", "boy", "boys",
        "girl", "girls", "crowd", "crowds", "audience", "audiences", "public", "youth", "teen",
        "teens", "guy", "guys", "folks", "mob", "jury", "panel", "friend", "friends",
        "neighbour", "neighbours", "nurse", "nurses", "veteran", "veterans", "citizen",
        "citizens", "wife", "husband", "son", "sons", "mom", "mum", "dad", "colleague",
        "colleagues", "ally", "allies", "rival", "rivals", "host", "hosts", "star", "stars",
        "celebrity", "celebrities", "billionaire", "billionaires", "mogul", "tycoon", "king",
        "queen", "prince", "princess", "pope", "bishop", "priest", "imam", "rabbi", "coach",
        "captain", "pilot", "boss", "sheriff", "deputy", "deputies", "dean", "principal",
        "pupil", "pupils", "victim", "suspect", "suspects", "plaintiff", "plaintiffs",
        "delegate", "delegates", "senate", "congress", "cabinet", "democrats", "republicans",
        "conservatives", "liberals",
    )
)  # fmt: skip
# Adjectives that follow the people they describe: "sources close to", "aides loyal to".
POSTMODIFIERS = frozenset(
    (
        "familiar", "close", "closest", "loyal", "near", "sympathetic", "knowledgeable", "privy",
        "aware", "friendly", "hostile", "critical", "answerable", "responsible", "opposite",
    )
)  # fmt: skip
# Words ending like a person ("-er", "-ent") that name no one.
NOT_PERSONS = frozenset(
    (
        "further", "other", "others", "rather", "together", "however", "whether", "never",
        "ever", "after", "later", "either", "neither", "order", "number", "matter", "water",
        "paper", "power", "center", "centre", "letter", "quarter", "border", "winter", "summer",
        "percent", "moment", "event", "content", "recent", "current", "important", "different",
    )
)  # fmt: skip
PERSON_SUFFIXES = (
    "or",
    "ors",
    "er",
    "ers",
    "ist",
    "ists",
    "ian",
    "ians",
    "man",
    "men",
    "woman",
    "women",
    "person",
    "people",
    "ant",
    "ants",
    "ent",
    "ents",
    "eer",
    "eers",
    "ee",
    "ees",
)
