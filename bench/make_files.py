"""Write a generated corpus of tiny articles into nested folders, for sync benchmarks.

    python bench/make_files.py /tmp/defsearch-1m --files 1000000
    python bench/make_files.py /tmp/defsearch-1m --files 1000000 --change 120

Layout: ``outlet/YYYY/MM/DD/NNNN.txt``, at most ``--per-folder`` files a folder (default 100), so
a million files make about 10,000 folders, as a crawler's archive would. Each article names a
country pair, an official and a date, so that the extractor has something to do. The same
``--files`` and ``--seed`` always write the same corpus. ``--change N`` then edits N/2 existing
files (a new version renamed over each; ``--in-place`` appends instead) and adds N/2 new ones:
the "120 changes" row of bench/README.md; ``--list FILE`` writes the paths it touched, one a
line, for ``defsearch index --changed FILE``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random

OUTLETS = ("vna", "vns", "vov", "qdnd", "reuters")
COUNTRIES = ("Vietnam", "Cuba", "Laos", "Cambodia", "Japan", "India", "Russia", "France")
OFFICIALS = ("Phan Van Giang", "Pete Hegseth", "Sergei Shoigu", "Rajnath Singh")
WORDS = [
    "defence",
    "cooperation",
    "delegation",
    "visit",
    "talks",
    "agreement",
    "navy",
    "exercise",
    "training",
    "border",
    "security",
    "ministry",
    "minister",
    "general",
    "army",
    "officers",
    "partnership",
    "signed",
    "memorandum",
    "meeting",
    "strategic",
    "dialogue",
    "maritime",
    "patrol",
    "joint",
    "academy",
    "exchange",
]


def article(n: int, rng: random.Random, day: dt.date) -> str:
    """A tiny article: a title line, then two sentences."""
    a, b = rng.sample(COUNTRIES, 2)
    who = rng.choice(OFFICIALS)
    words = " ".join(rng.choice(WORDS) for _ in range(12))
    return (
        f"{a} and {b} discuss {rng.choice(WORDS)} {n}\n\n"
        f"{day:%B %d, %Y} - {who} met the {b} delegation in {a}. {words.capitalize()}.\n"
    )


def rel_path(n: int, per_folder: int) -> tuple[str, dt.date]:
    """The relative path of file ``n`` and the day its folder stands for."""
    folder = n // per_folder
    outlet = OUTLETS[folder % len(OUTLETS)]
    day = dt.date(2015, 1, 1) + dt.timedelta(days=folder // len(OUTLETS))
    return f"{outlet}/{day:%Y/%m/%d}/{n:07d}.txt", day


def write_corpus(root: str, files: int, per_folder: int, seed: int) -> int:
    """Write files 0 … files-1 under ``root`` (existing ones are left); returns how many were
    written."""
    rng = random.Random(seed)
    written = 0
    made: set[str] = set()
    for n in range(files):
        rel, day = rel_path(n, per_folder)
        text = article(n, rng, day)
        path = os.path.join(root, rel)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        if os.path.exists(path):
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        written += 1
    return written


def change(
    root: str, files: int, per_folder: int, count: int, seed: int, in_place: bool = False
) -> list[str]:
    """Edit ``count // 2`` existing files and add the rest as new ones; returns their paths.
    An edit writes a new file beside the old one and renames it over it, as editors, rsync and
    careful crawlers do; ``in_place`` appends to the file instead (its folder does not change:
    see the README on when folder times cannot be trusted)."""
    rng = random.Random(seed + 1)
    touched = []
    for n in rng.sample(range(files), count // 2):
        rel, day = rel_path(n, per_folder)
        path = os.path.join(root, rel)
        extra = f"Update {rng.random():.6f}: {article(n, rng, day)}"
        if in_place:
            with open(path, "a", encoding="utf-8") as f:
                f.write(extra)
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text + extra)
            os.replace(tmp, path)
        touched.append(path)
    start = files + rng.randrange(1_000_000, 2_000_000)
    for n in range(start, start + count - count // 2):
        rel, day = rel_path(rng.randrange(files), per_folder)
        path = os.path.join(root, os.path.dirname(rel), f"new-{n}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(article(n, rng, day))
        touched.append(path)
    return touched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root")
    parser.add_argument("--files", type=int, required=True)
    parser.add_argument("--per-folder", type=int, default=100)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--change", type=int, default=0, metavar="N")
    parser.add_argument("--in-place", action="store_true", help="edit by appending (--change)")
    parser.add_argument("--list", metavar="FILE", help="write the paths changed here (--change)")
    args = parser.parse_args()
    if args.change:
        touched = change(
            args.root, args.files, args.per_folder, args.change, args.seed, args.in_place
        )
        edited = args.change // 2
        if args.list:
            with open(args.list, "w", encoding="utf-8") as f:
                f.write("".join(os.path.abspath(p) + "\n" for p in touched))
        print(f"edited {edited} and added {len(touched) - edited} files in {args.root}")
    else:
        n = write_corpus(args.root, args.files, args.per_folder, args.seed)
        print(f"wrote {n} files under {args.root}")


if __name__ == "__main__":
    main()
