"""The words the event finder knows: what each kind of contact is called, the words that make a
contact a plan rather than a report, and the nouns of multilateral meetings. Data, kept apart from
the rules in ``events.py`` that read it.

Each kind is a list of regular expressions (case-insensitive, on accent-folded text), strongest
first; a sentence's kind is the one whose expression matches earliest in it.
"""

from __future__ import annotations

# The closed list of kinds, in the order a sentence naming several is decided in (a phone talk is
# also a talk; a port call is also a visit).
KINDS = (
    "phone-talks", "port-call", "exercise", "dialogue", "reception", "talks", "meeting",
    "visit", "signing", "conference",
)  # fmt: skip

# What each kind means (README.md repeats this table).
KIND_MEANINGS = {
    "phone-talks": "talks by phone or video call",
    "port-call": "a ship's call at a port of the other country",
    "exercise": "a joint exercise, drill or patrol",
    "dialogue": "a named dialogue mechanism (defence policy dialogue, strategic dialogue)",
    "reception": "one side receives or hosts the other (ambassadors, visiting delegations)",
    "talks": "talks between the two sides",
    "meeting": "a meeting, a side meeting at a multilateral event, a joint ceremony or exchange",
    "visit": "a delegation's visit to the other country, reported as such",
    "signing": "the two sides sign a document (agreement, memorandum, plan, minutes)",
    "conference": "a multilateral meeting with no bilateral side meeting reported",
}

_DOCUMENT = (
    r"(?:memorand(?:um|a)|mou|agreements?|minutes?|plans?|protocols?|deals?|pacts?|documents?"
    r"|letters?\s+of\s+intent|accords?|treaty|treaties|contracts?|declarations?|statements?"
    r"|arrangements?|programmes?|programs?)"
)

TRIGGERS: dict[str, tuple[str, ...]] = {
    "phone-talks": (
        r"\b(?:phone|telephone|video|online)\s+(?:talks|call|calls|conversation)\b",
        r"\bphoned\b|\btalked\s+by\s+phone\b",
    ),
    "port-call": (
        r"\bport\s+call\b",
        r"\b(?:docked|berthed|anchored)\b",
        r"\barrived\s+(?:at|in)\s+(?:[\w'’-]+\s+){0,6}?(?:port|harbou?r|wharf|naval\s+base)\b",
    ),
    "exercise": (
        r"\b(?:conducted|conducts|conducting|held|holds|holding|carried\s+out|staged|launched)\s+(?:a|an|the|their)?\s*(?:[\w'’-]+\s+){0,3}?(?:joint\s+)?"
        r"(?:exercises?|drills?|patrols?|manoeuvres?|maneuvers?)\b",
        r"\bjoint\s+(?:exercises?|drills?|patrols?)\s+(?:was|were)\s+(?:held|conducted)\b",
    ),
    "dialogue": (
        r"\b(?:co-?chaired|chaired|held|holds|hold)\s+(?:the|a|their)?\s*(?:[\w'’–-]+\s+){0,6}?"
        r"dialogue\b",
        r"\bdialogue\b[^.;]{0,80}?\b(?:(?:was|were)\s+held|took\s+place|opened|kicked\s+off)\b",
        r"\b(?:at|during)\s+the\s+(?:[\w'’-]+\s+){0,6}?dialogue\b",
    ),
    "reception": (
        r"\b(?:hosted|hosts|hosting)\s+(?:a\s+)?receptions?\b",
        r"\b(?:at|during|in)\s+(?:a|the|his|her|their)\s+receptions?\b",
        r"\b(?:received|receives|receiving|welcomed|welcomes|hosted|hosts)\b",
    ),
    "talks": (
        r"\b(?:held|holds|holding|had|has|have)\s+(?:bilateral\s+|official\s+|formal\s+)?talks\b",
        r"\b(?:at|during|in)\s+(?:the|their|his|her)\s+(?:official\s+|bilateral\s+)?talks\b",
        r"\btalks\s+(?:between|with)\b",
    ),
    "meeting": (
        r"\b(?:held|had|holds|has)\s+(?:a\s+|bilateral\s+|separate\s+)*meetings?\b",
        r"\b(?:at|during|in)\s+(?:a|the|their|his|her)\s+(?:separate\s+|bilateral\s+)?meetings?"
        r"\s+with\b",
        r"\bmeetings?\s+with\b",
        r"\b(?:in|at|during)\s+(?:a|the|their|his|her)\s+(?:separate\s+|bilateral\s+)?meeting\b",
        r"\b(?:met|meets|meeting)\s+with\b",
        r"\bmet\b|\bmeets\b",
        r"\b(?:co-?chaired|co-?chairing)\b",
        r"\b(?:held|had)\s+(?:a|an)\s+(?:[\w'’-]+\s+){0,3}?meeting\b",
        r"\bceremony\b",
        r"\b(?:kicked\s+off|got\s+under\s+way)\b",
    ),
    "visit": (
        r"\b(?:is|was|are|were)\s+(?:on|paying|making)\s+(?:an?\s+)?(?:[\w'’-]+\s+){0,2}?visit\b",
        r"\b(?:visited|begins?|began|started|starts|paid|pays|made)\s+(?:an?\s+|their\s+|his\s+"
        r"|her\s+)?(?:[\w'’-]+\s+){0,2}?visit\b",
        r"\b(?:his|her|their)\s+(?:[\w'’-]+\s+){0,2}?visit\s+to\b",
        r"\bvisited\b",
    ),
    "signing": (
        rf"\b(?:signed|inked|sign)\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){{0,4}}?{_DOCUMENT}\b",
        r"\bsigning\s+ceremony\b",
    ),
    "conference": (
        r"\b(?:attended|attends|attending|opened|opens|took\s+place|was\s+held|convened)\b",
    ),
}

# Words (lower case) one of which each kind's triggers hold: a sentence is matched against a
# kind's expressions only when it has one of its cues (most sentences have none).
CUES = {
    "phone-talks": ("phone", "video", "online"),
    "port-call": ("port", "dock", "berth", "anchor", "arrive"),
    "exercise": ("exercise", "drill", "patrol", "manoeuv", "maneuv"),
    "dialogue": ("dialogue",),
    "reception": ("recei", "recep", "host", "welcom"),
    "talks": ("talks",),
    "meeting": ("meet", "met", "ceremony", "chair", "kicked", "under way"),
    "visit": ("visit",),
    "signing": ("sign", "ink"),
    "conference": ("attend", "open", "took place", "held", "convened"),
}

# Headlines report in the present tense ("Vietnamese, Lao border guards hold joint patrol"): these
# count in a headline only, beside the triggers above.
HEADLINE: dict[str, tuple[str, ...]] = {
    "exercise": (
        r"\b(?:hold|holds|conduct|conducts|stage|stages)\s+(?:[\w'’-]+\s+){0,2}?(?:joint\s+)?"
        r"(?:exercises?|drills?|patrols?)\b",
    ),
    "dialogue": (r"\b(?:hold|holds|co-?chair|co-?chairs)\s+(?:[\w'’–-]+\s+){0,5}?dialogue\b",),
    "reception": (r"\b(?:receive|receives|host|hosts|welcome|welcomes)\b",),
    "talks": (r"\b(?:hold|holds)\s+(?:[\w'’-]+\s+){0,2}?talks\b",),
    "meeting": (r"\b(?:meet|meets)\b",),
    "visit": (r"\b(?:visits|begins\s+(?:[\w'’-]+\s+){0,2}?visit)\b",),
    "signing": (rf"\b(?:sign|signs|ink|inks)\s+(?:[\w'’-]+\s+){{0,4}}?{_DOCUMENT}\b",),
    "port-call": (r"\b(?:dock|docks|arrive|arrives)\s+(?:at|in)\b",),
}

# The nouns of a multilateral meeting: a "conference" trigger counts only with one of them in the
# sentence, and a bilateral kind in a sentence with one is a side meeting only with two parties.
MULTILATERAL = (
    r"\b(?:ASEAN\s+Defen[cs]e\s+Ministers'?\s+Meeting|ADMM(?:-?\+|-?\s?Plus|-Retreat)?|summit"
    r"|conference|forum|multilateral|Shangri-La\s+Dialogue|General\s+Assembly|congress"
    r"|ministers'?\s+meeting|symposium|expo|exhibition)\b"
)

# Triggers that name a contact only when nothing else in the article does: a ceremony or an
# opening is part of the visit, talks or port call the article reports beside it.
WEAK = (r"\bceremony\b", r"\b(?:kicked\s+off|got\s+under\s+way)\b")

# A bare verb ("received", "welcomed", "met") is a contact only when a person follows it: a
# full name or a word for an official ("welcomed the rise in the yen", "met European standards"
# and "IRNA, received in London" are none).
NEEDS_OBJECT = (
    r"\b(?:received|receives|receiving|welcomed|welcomes|hosted|hosts)\b",
    r"\bmet\b|\bmeets\b",
    r"\b(?:met|meets|meeting)\s+with\b",
    r"\b(?:receive|receives|host|hosts|welcome|welcomes)\b",  # (the headline's)
    r"\b(?:meet|meets)\b",
)
PERSON_NOUNS = (
    r"ambassadors?|envoys?|delegations?|delegates?|ministers?|counterparts?|guests?|officials?"
    r"|chiefs?|generals?|presidents?|premiers?|secretar(?:y|ies)|commanders?|attach[eé]s?"
    r"|admirals?|colonels?|chair(?:man|woman|person)?|deputy|deputies|heads?|directors?"
    r"|leaders?|king|queen|prince|princess|sultan|senators?|representatives?|consuls?"
    r"|charg[eé]|commissioners?|governors?|mayors?|speakers?|visitors?|vessels?|ships?"
    r"|fleet|frigate|crew|mission|team|captain|officers?|staff|secretary-general"
)

# A trigger after one of these (anywhere before it in its sentence) is planned, not reported.
FUTURE_BEFORE = (
    r"\b(?:will|shall|scheduled|expected\s+to|plans?\s+to|planned\s+to|going\s+to|set\s+to"
    r"|is\s+to|are\s+to)\b"
)

# A trigger after one of these, a wish or a proposal, not a contact reported.
MODAL_BEFORE = (
    r"\b(?:will|would|shall|to|plans?|planned|planning|expected|proposed|proposes|suggested"
    r"|suggests|invited?|invites|hopes?|hoped|upcoming|next|future|agreed\s+to|intend\w*"
    r"|scheduled|set\s+to|ahead\s+of|prepar\w+\s+for|before|await\w*|proposals?|groundwork"
    r"|called\s+for|calls\s+for)"
    r"\s+(?:[\w'’-]+\s+){0,3}$"
)

# Bodies that make a contact of two countries without a named official ("the Border Guard
# Command of …", "the Vietnamese Navy's Vessel 379"); "café owners met Cuban officials" is none.
BODIES = (
    r"\b(?:navy|navies|army|armies|ministry|ministries|delegations?|vessels?|ships?|forces?"
    r"|guards?|government|embassy|command|fleet|frigate|corvette|coast\s+guard|military|troops"
    r"|brigade|regiment|academy|university)\b"
)

# Words that say a past contact is recalled, not reported: background.
RECALLED = (
    r"\b(?:previous|earlier|last|recent|recently|former|past|first|historic|since|ago"
    r"|anniversary|outcomes?\s+of|results?\s+of|following\s+the|during\s+the\s+past)\b"
)
