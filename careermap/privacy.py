"""Privacy for shared cohort outputs: stable pseudonyms, free-text notes left out.

Cohort outputs (tables, charts, the HTML report) show pseudonyms instead of names unless the
coach explicitly asks for real names, and leave free-text notes out unless asked. A
pseudonym is derived from the person id alone (a hash), so it is the same in every report,
notebook and run, and it reveals nothing about the name.

>>> pseudonym("alex-rivera")
'Rustic Lark 94'
>>> pseudonym("alex-rivera") == pseudonym("alex-rivera")
True
"""

from __future__ import annotations

import hashlib

import pandas as pd

__all__ = ["NOTE_COLUMNS", "pseudonym", "share_frame"]

_ADJECTIVES = (
    "Amber", "Azure", "Bold", "Brisk", "Calm", "Cedar", "Clever", "Coral", "Crisp", "Daring",
    "Eager", "Fern", "Gentle", "Golden", "Hazel", "Indigo", "Ivory", "Jade", "Keen", "Lively",
    "Lunar", "Maple", "Mellow", "Misty", "Noble", "Ochre", "Olive", "Quiet", "Rapid", "Rustic",
    "Sage", "Scarlet", "Silver", "Solar", "Steady", "Swift", "Teal", "Umber", "Vivid", "Willow",
)  # fmt: skip
_ANIMALS = (
    "Badger", "Bison", "Crane", "Falcon", "Finch", "Fox", "Gecko", "Hare", "Heron", "Ibis",
    "Jay", "Koala", "Lark", "Lynx", "Marten", "Mole", "Newt", "Orca", "Otter", "Owl", "Panda",
    "Puffin", "Quail", "Raven", "Robin", "Seal", "Shrike", "Stoat", "Swan", "Tern", "Toad",
    "Vole", "Wren", "Yak", "Zebra", "Egret", "Dove", "Lemur", "Moth", "Pika",
)  # fmt: skip

NOTE_COLUMNS = ("note", "reason")


def pseudonym(person_id: str) -> str:
    """A stable, human-friendly pseudonym for a person id ("Rustic Lark 94").

    40 adjectives x 40 animals x 256 suffixes: two people in a cohort of 1,000 share one
    with a probability of about 0.1%; ids stay the unique key.
    """
    digest = hashlib.sha256(person_id.encode("utf-8")).digest()
    return f"{_ADJECTIVES[digest[0] % 40]} {_ANIMALS[digest[1] % 40]} {digest[2]:02x}"


def share_frame(frame: pd.DataFrame, *, names: bool = False, notes: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` fit to share: ``name`` pseudonymised, free-text notes dropped.

    Parameters
    ----------
    names
        Keep real names (only when the coach asks for them explicitly).
    notes
        Keep free-text columns (``note``, ``reason``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"person_id": ["alex-rivera"], "name": ["Alex Rivera"], "note": ["x"]})
    >>> share_frame(df).to_dict("records")
    [{'person_id': 'alex-rivera', 'name': 'Rustic Lark 94'}]
    """
    out = frame.copy()
    if "name" in out.columns and not names:
        out["name"] = out["person_id"].map(pseudonym).astype("str")
    if not notes:
        out = out.drop(columns=[c for c in NOTE_COLUMNS if c in out.columns])
    return out
