"""The closed list of event kinds and the event facets, with no imports: the `events` command's
options name them before any index is opened (``extract/event_words.py`` defines the kinds; a
test holds the two lists equal)."""

KINDS = ("reception", "talks", "phone-talks", "visit", "dialogue", "meeting", "port-call",
         "exercise", "signing", "conference")  # fmt: skip
EVENT_FACETS = ("kind", "pair", "official", "year")
