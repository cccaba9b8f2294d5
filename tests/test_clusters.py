"""Story clusters over a real index: a story republished by another outlet is one story
(``search --collapse``, ``show --versions``, ``--count stories``), two meetings of the same two
officials are never one, and stories follow incremental syncs (change, delete)."""

from __future__ import annotations

import json
import re
import shutil
import zlib

from searcher.index import stories as S
from searcher.index.indexer import SyncOptions, sync
from tests.conftest import SEEDS, index_of, run_proc

VNA = (
    "Defence Minister Phan Van Giang receives Cuban counterpart\n\n"
    "Hanoi (VNA) – Minister of National Defence General Phan Van Giang hosted a reception in "
    "Hanoi on May 2, 2025 for Cuban Minister of the Revolutionary Armed Forces Army General "
    "Alvaro Lopez Miera, who is on an official visit to Vietnam.\n\n"
    "Giang welcomed the Cuban delegation and said the visit takes place as the two countries "
    "celebrate the 65th anniversary of their diplomatic relations. He spoke highly of the "
    "outcomes of the defence cooperation between the two countries over the past years, "
    "especially in training, military medicine and the exchange of delegations at all levels."
    "\n\n"
    "The Vietnamese minister thanked Cuba for its wholehearted support during Vietnam's "
    "struggle for national independence and reunification, and affirmed that Vietnam always "
    "treasures the special solidarity between the two nations.\n\n"
    "For his part, Lopez Miera said the Cuban army wishes to learn from the experience of the"
    " Vietnam People's Army in building a regular and modern force. He proposed that the two "
    "sides expand cooperation in defence industry, logistics and search and rescue.\n\n"
    "The two ministers agreed to continue implementing the signed agreements and to "
    "coordinate closely at multilateral forums./.\n"
)
VNS = (
    "Vietnam, Cuba pledge closer defence ties\n\n"
    "HÀ NỘI — Minister of National Defence General Phan Van Giang hosted a reception in Hanoi"
    " on May 2, 2025 for Cuban Minister of the Revolutionary Armed Forces Army General Alvaro"
    " Lopez Miera, who is on an official visit to Vietnam.\n\n"
    "Giang welcomed the Cuban delegation and said the visit takes place as the two countries "
    "celebrate the 65th anniversary of their diplomatic relations. He spoke highly of the "
    "outcomes of the defence cooperation between the two countries over the past years, "
    "especially in training, military medicine and the exchange of delegations at all levels."
    "\n\n"
    "For his part, Lopez Miera said the Cuban army wishes to learn from the experience of the"
    " Vietnam People's Army in building a regular and modern force. He proposed that the two "
    "sides expand cooperation in defence industry, logistics and search and rescue.\n\n"
    "The two ministers agreed to continue implementing the signed agreements and to "
    "coordinate closely at multilateral forums. — VNS\n"
)
HAVANA = (
    "Vietnamese, Cuban defence ministers hold talks in Havana\n\n"
    "Havana (VNA) – Minister of National Defence General Phan Van Giang held talks in Havana "
    "on November 14, 2025 with Cuban Minister of the Revolutionary Armed Forces Army General "
    "Alvaro Lopez Miera, during his official visit to Cuba.\n\n"
    "Lopez Miera welcomed the Vietnamese delegation and briefed his guest on the situation of"
    " the Cuban armed forces and their efforts to overcome the impact of the hurricane "
    "season. He thanked Vietnam for the rice and solar power equipment it sent to Cuban "
    "soldiers.\n\n"
    "Giang said that Vietnam will continue to stand side by side with Cuba, and reviewed the "
    "results of the defence cooperation plan for 2025, including the training of Cuban "
    "officers at Vietnamese military academies and joint research in military medicine.\n\n"
    "The two sides signed a protocol on cooperation in military history and agreed to hold "
    "the next defence policy dialogue in Hanoi in 2026./.\n"
)
# A later meeting of the same two officials, written from the Havana report's wording (the same
# background paragraphs): near-identical text, months apart, another meeting.
REUSED = (
    HAVANA.replace("Havana (VNA) – ", "Hanoi (VNA) – ")
    .replace("held talks in Havana on November 14, 2025", "held talks in Hanoi on March 3, 2026")
    .replace("during his official visit to Cuba", "during his official visit to Vietnam")
)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line]


def search(cli, index, *args: str) -> list[dict]:
    result = cli("search", *args, "--index", str(index), "--format", "jsonl", "--limit", "0")
    assert result.exit_code in (0, 1), result.output
    return jsonl(result.stdout)


def test_a_republished_story_merges_and_lists_its_versions(cli, tmp_path):
    index = index_of(tmp_path, {"vna-giang-cuba.txt": VNA, "vns-giang-cuba.txt": VNS,
                                "vna-giang-cuba-havana.txt": HAVANA})  # fmt: skip
    hits = search(cli, index, "Giang", "--collapse")
    assert [(h["id"], h["versions"]) for h in hits] == [
        ("vna-giang-cuba.txt", ["vns-giang-cuba.txt"]),
        ("vna-giang-cuba-havana.txt", []),
    ]
    # a version the filter leaves out is still listed: versions are the story's, in the index
    vns = search(cli, index, "--outlet", "VNS", "--collapse")
    assert [(h["id"], h["versions"]) for h in vns] == [
        ("vns-giang-cuba.txt", ["vna-giang-cuba.txt"])
    ]
    plain = search(cli, index, "Giang")
    assert len(plain) == 3 and all("versions" not in h for h in plain)
    # json: totals of both articles and stories; the table lists the outlets of the versions
    out = json.loads(
        cli("search", "Giang", "--collapse", "--index", str(index), "--format", "json").stdout
    )
    assert (out["total"], out["stories"], len(out["hits"])) == (3, 2, 2)
    table = cli("search", "Giang", "--collapse", "--index", str(index), "--format", "table")
    assert "2 versions: VNA, VNS" in table.stdout
    assert "3 matches, 2 stories (showing 1–2)" in table.stdout
    shown = cli("show", "vns-giang-cuba.txt", "--versions", "--index", str(index), "--format",
                "json")  # fmt: skip
    assert json.loads(shown.stdout) == {
        "id": "vns-giang-cuba.txt",
        "versions": [{"id": "vna-giang-cuba.txt", "date": "2025-05-02", "outlet": "VNA",
                      "title": "Defence Minister Phan Van Giang receives Cuban counterpart"}],
    }  # fmt: skip
    alone = cli("show", "vna-giang-cuba-havana.txt", "--versions", "--index", str(index),
                "--format", "text")  # fmt: skip
    assert alone.exit_code == 0 and alone.stdout == ""


def test_two_meetings_of_the_same_two_officials_never_merge(cli, tmp_path):
    index = index_of(tmp_path, {"vna-giang-cuba.txt": VNA, "vna-giang-cuba-havana.txt": HAVANA,
                                "vna-giang-cuba-hanoi.txt": REUSED})  # fmt: skip
    hits = search(cli, index, "--pair", "CU-VN", "--official", "Giang", "--collapse")
    assert len(hits) == 3 and all(h["versions"] == [] for h in hits)
    # the reused report is near-identical text: only the dates (months apart) tell them apart
    a, b = (S.minhash(t) for t in (HAVANA, REUSED))
    assert a and b and S.jaccard(a, b) >= S.SAME_JACCARD
    assert {h["date"] for h in hits} == {"2025-05-02", "2025-11-14", "2026-03-03"}
    # nor do the seed corpus's two Vietnam-Cuba defence cooperation articles
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds / "corpus")
    seed_index = index_of(seeds, {})
    collapsed = search(cli, seed_index, "--collapse")
    assert len(collapsed) == 5 and all(h["versions"] == [] for h in collapsed)


def test_stories_follow_syncs_that_change_or_delete_a_version(cli, tmp_path):
    index = index_of(tmp_path, {"vna-giang-cuba.txt": VNA, "vns-giang-cuba.txt": VNS})
    corpus = tmp_path / "corpus"

    def versions() -> dict[str, list[str]]:
        return {h["id"]: h["versions"] for h in search(cli, index, "Giang", "--collapse")}

    assert versions() == {"vna-giang-cuba.txt": ["vns-giang-cuba.txt"]}
    # a new version is found by the sync that adds it
    third = VNS.replace(" — VNS", " — VOV").replace("Vietnam, Cuba pledge", "Vietnam and Cuba")
    (corpus / "vov-giang-cuba.txt").write_text(third, encoding="utf-8")
    sync([str(corpus)], str(index), SyncOptions(workers=1))
    assert versions() == {"vna-giang-cuba.txt": ["vns-giang-cuba.txt", "vov-giang-cuba.txt"]}
    # a version changed into another story leaves it
    (corpus / "vns-giang-cuba.txt").write_text(HAVANA, encoding="utf-8")
    sync([str(corpus)], str(index), SyncOptions(workers=1))
    assert versions() == {"vna-giang-cuba.txt": ["vov-giang-cuba.txt"], "vns-giang-cuba.txt": []}
    # the first version deleted: the story goes on in the other one
    (corpus / "vna-giang-cuba.txt").unlink()
    sync([str(corpus)], str(index), SyncOptions(workers=1))
    assert versions() == {"vov-giang-cuba.txt": [], "vns-giang-cuba.txt": []}
    shown = cli(
        "show", "vov-giang-cuba.txt", "--versions", "--index", str(index), "--format", "text"
    )
    assert shown.exit_code == 0 and shown.stdout == ""


def test_count_stories_against_a_hand_count(cli, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = index_of(tmp_path, {"vna-giang-cuba.txt": VNA, "vns-giang-cuba.txt": VNS,
                                "vna-giang-cuba-havana.txt": HAVANA})  # fmt: skip

    def counts(*args: str) -> dict[str, int]:
        result = cli("search", "--facet", "pair", "--facet", "outlet", "--facet-limit", "0",
                     *args, "--index", str(index), "--format", "json")  # fmt: skip
        facets = json.loads(result.stdout)["facets"]
        return {f"{name}:{c['value']}": c["count"] for name in facets
                for c in facets[name]["results"]}  # fmt: skip

    articles, stories = counts(), counts("--count", "stories")
    # By hand (seeds 000 VNS, 001 VNA, 002 QDND on Cuba, 003 VNA US, 004 VNA Japan; ours VNA,
    # VNS, VNA, all CU-VN): 8 articles, 7 stories (our VNA and VNS tell one). CU-VN: 6 articles,
    # 5 stories. A story counts once under each value any of its versions has, so each outlet
    # keeps its count: VNA 5 (001, 003, 004, two of ours), VNS 2 (000 and the republication).
    assert articles == {"pair:CU-VN": 6, "pair:JP-VN": 1, "pair:US-VN": 1,
                        "outlet:VNA": 5, "outlet:VNS": 2, "outlet:QDND": 1}  # fmt: skip
    assert stories == {**articles, "pair:CU-VN": 5}
    result = json.loads(cli("search", "--count", "stories", "--index", str(index), "--format",
                            "json").stdout)  # fmt: skip
    assert (result["total"], result["stories"]) == (8, 7)


def test_collapse_in_a_real_process_writes_clean_lines(tmp_path):
    hostile = VNS.replace("Vietnam, Cuba pledge", "Vietnam\x1b[2J, Cuba pledge")
    index = index_of(tmp_path, {"vna-giang-cuba.txt": VNA, "vns-giang-cuba.txt": hostile})
    proc = run_proc("search", "Giang", "--collapse", "--index", str(index))
    assert proc.returncode == 0, proc.stderr
    assert [h["versions"] for h in jsonl(proc.stdout)] == [["vns-giang-cuba.txt"]]
    proc = run_proc("show", "vna-giang-cuba.txt", "--versions", "--index", str(index),
                    "--format", "text")  # fmt: skip
    assert proc.returncode == 0 and "\x1b" not in proc.stdout
    assert proc.stdout.startswith("vns-giang-cuba.txt · 2025-05-02 · VNS")


def test_texts_too_short_to_compare_are_stories_of_their_own(cli, tmp_path):
    index = index_of(tmp_path, {"a.txt": "Giang met Hegseth.\n", "b.txt": "Giang met Hegseth.\n"})
    hits = search(cli, index, "Giang", "--collapse")
    assert sorted(h["id"] for h in hits) == ["a.txt", "b.txt"]
    assert all(h["versions"] == [] for h in hits)


def test_the_stored_signature_is_the_minhash_of_the_shingles():
    texts = [
        VNA,
        VNA.replace("–", "-").replace("Phan Van", "Phan Văn"),  # (ASCII and not)
        " ".join(f"word{i} ‘quoted’ — ĐẠI “x” {i}\u00a0ÿ" for i in range(80)),
    ]
    for text in texts:
        raw = S.story_fields(text, None)["story"]
        assert isinstance(raw, bytes)
        found = S.decode(raw)
        assert found is not None
        assert found.values == S.minhash_of(S.shingles(text)) == _plain_minhash(text)
        assert found.size == len(S.shingles(text))


def _plain_minhash(text: str) -> tuple[int, ...]:
    """The signature the plain way: each shingle's hash, its top bits the bin, the rest its
    value; each bin's smallest value (its low 16 bits)."""
    words = re.findall(r"\w+", text[: S.MAX_WORDS * 12].lower())[: S.MAX_WORDS]
    found = {" ".join(words[i : i + S.SHINGLE]) for i in range(len(words) - S.SHINGLE + 1)}
    mins: dict[int, int] = {}
    for shingle in found:
        h = zlib.crc32(shingle.encode("utf-8")) * 0x9E3779B1 & 0xFFFFFFFF
        b, v = h >> 26, h & (1 << 26) - 1
        mins[b] = min(v, mins.get(b, v))
    return tuple(mins[b] & 0xFFFF if b in mins else S.EMPTY for b in range(S.BINS))
