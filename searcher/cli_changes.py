"""``--new`` and ``--changed-since WHEN``: a command's matches limited to the articles that the
last sync, or the syncs since WHEN, added or changed (see ``index/synclog.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from searcher.startup.click_loader import click

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from searcher.search.handle import Index


def changed_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--new`` and ``--changed-since WHEN`` to ``command``, which receives them as one
    ``changed_since`` value (``"last"`` for ``--new``; None when neither is given)."""
    import functools

    @functools.wraps(command)
    def wrapper(*args: Any, new: bool, changed_since: str | None, **kwargs: Any) -> Any:
        if new and changed_since is not None:
            raise click.UsageError("give --new or --changed-since WHEN, not both")
        return command(*args, changed_since="last" if new else changed_since, **kwargs)

    wrapper = click.option(
        "--changed-since",
        metavar="WHEN",
        help="Only articles added or changed since WHEN: last, a sync number (defsearch"
        " stats), or an ISO date or time (UTC unless it says).",
    )(wrapper)
    return click.option(
        "--new", is_flag=True, help="Only articles the last sync added or changed."
    )(wrapper)


def restrict(ix: Index, changed_since: str | None) -> None:
    """Limit ``ix``'s searches to what the syncs ``changed_since`` covers (nothing when None)."""
    if changed_since is None:
        return
    from searcher.index.synclog import changed_ids

    ix.restrict(changed_ids(ix.version, changed_since))


def sync_lines(syncs: list[dict]) -> Iterator[str]:
    """`defsearch stats`'s lines for the last syncs (text): number, time and counts."""
    for e in syncs:
        what = "built" if e["rebuilt"] else "synced"
        yield (
            f"{'sync ' + str(e['sync']):<12} {e['time']} {what}: {e['added']} added,"
            f" {e['updated']} updated, {e['removed']} removed ({e['documents']} documents)"
        )
