"""The words of refutation: what a party says when it rejects a claim or calls it false.

Shared by the offline engine, which finds denials with them, and the daily digest, which checks
whether an outlet's article carries a denial another outlet reports.
"""

from __future__ import annotations

from bot.text.phrases import inflect

REFUTING_VERBS = inflect(
    (
        "deny:denied|denying|denies", "reject", "dismiss", "refute", "dispute", "rebut:"
        "rebutted|rebutting", "contradict", "counter", "disavow", "repudiate", "decry",
        "challenge", "brush:brushed|brushing", "scoff", "push:pushed|pushing",
    )
)  # fmt: skip

REFUTING_PHRASES = (
    "false", "falsely", "untrue", "not true", "baseless", "groundless", "unfounded",
    "unsubstantiated", "fabricated", "fabrication", "fabrications", "made up", "fake", "fiction",
    "no evidence", "no proof", "no basis", "without basis", "without foundation", "never",
    "a lie", "lies", "lied", "liar", "liars", *(f"{word} lies" for word in ("based on", "pack of",
    "full of", "spreading", "spread", "nothing but", "tissue of", "web of", "outright")),
    "nonsense", "absurd", "ridiculous", "rubbish", "garbage",
    "bogus", "slander", "slanderous", "libel", "libellous", "libelous", "defamatory", "smear",
    "propaganda", "misinformation", "disinformation", "hoax", "a hoax", "no truth",
    "not a shred", "nothing to do with", "had no role", "has no role", "no involvement",
    "not involved", "was not involved", "were not involved", "did not", "has not", "have not",
    "had not", "no such", "wrong", "misleading", "distortion", "distorted", "no knowledge",
    "no wrongdoing", "did nothing wrong", "no indication", "nobody", "no one", "not a single",
    "inaccurate", "incorrect", "erroneous", "debunked", "false alarm", "not the case",
    "satire", "satirical", "spoof", "prank", "staged", "doctored", "photoshopped",
    *(f"{verb} {word}" for verb in ("is not", "was not", "are not", "were not", "isn't",
      "wasn't", "aren't", "weren't", "isn’t", "wasn’t", "aren’t", "weren’t") for word in
      ("true", "real", "accurate", "correct")),
    "highly unlikely", "implausible", "almost impossible", "simply impossible",
    *(f"none of {it} {verb} true" for it in ("it", "this", "that", "these claims", "the claims")
      for verb in ("is", "was", "are", "were")),
    "not real", "exaggerated", "overblown", "overstated", "photoshop", "photoshop job",
    # a statement far from what happened, or with nothing in it
    "far from the truth", "further from the truth", "farther from the truth", "without merit",
    *(f"distorted {what}" for what in ("the facts", "the truth", "the record", "his words",
      "her words", "their words", "my words", "our words", "the evidence")),
    "no merit", "meritless", "falsehood", "falsehoods", "untruth", "untruths", "myth",
    "a myth", "urban legend", "an urban legend", "fairy tale", "a fairy tale",
    # words reported wrongly
    "misquoted", "misreported", "taken out of context", "quoted out of context",
)  # fmt: skip
# Words that refute only when they say what something is ("the photo is fake", "proved to be a
# hoax", "the charges are lies", "that is a myth", "called it propaganda"); before a noun they
# describe a thing ("fake accounts", "a death hoax", "a misleading edit"), as the object of a
# verb they name a topic ("to fight misinformation"), and "lies" without a predicate is mostly
# the verb ("the answer lies in").
PREDICATIVE_REFUTING = frozenset(
    (
        "fake", "bogus", "hoax", "a hoax", "false", "fabricated", "lies", "myth", "a myth",
        "urban legend", "an urban legend", "fairy tale", "a fairy tale", "misleading",
        "propaganda", "misinformation", "disinformation", "exaggerated", "overblown",
        "overstated", "distorted",
    )
)  # fmt: skip
# Negations that turn a statement into a denial only when they answer a claim of the article.
WEAK_REFUTING = frozenset(
    ("did not", "has not", "have not", "had not", "never", "wrong", "nobody", "no one",
     "no indication", "no knowledge", "not a single", "no such", "fiction", "prank", "staged",
     "satire", "satirical", "spoof", "doctored", "photoshopped", "no evidence", "no proof",
     "incorrect", "inaccurate", "absurd", "ridiculous")
)  # fmt: skip
