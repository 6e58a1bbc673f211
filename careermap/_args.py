"""The one set of argument checks, shared by every layer (metrics, charts, report, widgets).

Like seaborn's ``_check_argument``, each check says which argument was wrong, what it accepts
and what it was given, and raises :class:`~careermap.errors.InvalidArgumentError`. This module
sits below every layer (it imports only the model and the errors), so each of them can use it.

Examples
--------
>>> check_choice("by", "effort", ("count", "effort"))
'effort'
>>> check_choice("by", "hours", ("count", "effort"))
Traceback (most recent call last):
...
careermap.errors.InvalidArgumentError: by must be one of 'count', 'effort'; got 'hours'
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from careermap.errors import InvalidArgumentError
from careermap.model import CareerMap

__all__ = [
    "check_choice",
    "check_columns",
    "check_fraction",
    "check_int",
    "check_map",
    "check_one_person",
    "positional_options",
    "renamed_arguments",
]

F = TypeVar("F", bound=Callable[..., Any])


def check_choice(name: str, value: Any, allowed: Sequence[Any]) -> Any:
    """``value`` if it is one of ``allowed``; else an error naming both.

    A string must match exactly (no case folding, no "in" over a longer string); other values
    match by identity or equality, so ``None`` can be one of the choices.

    >>> check_choice("freq", None, ("D", "W", "M", None)) is None
    True
    """
    if isinstance(value, str) and value in allowed:
        return value
    if not isinstance(value, str) and any(value is a or value == a for a in allowed):
        return value
    shown = ", ".join(repr(a) for a in allowed)
    raise InvalidArgumentError(f"{name} must be one of {shown}; got {value!r}")


def check_int(name: str, value: Any, *, minimum: int) -> int:
    """``value`` as an ``int`` when it is an integer (not a bool) ``>= minimum``.

    >>> check_int("runs", 0, minimum=1)
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: runs must be an integer >= 1; got 0
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise InvalidArgumentError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def check_fraction(name: str, value: Any) -> float:
    """``value`` as a ``float`` when it is a number in (0, 1].

    >>> check_fraction("alpha", 0.25)
    0.25
    """
    ok = isinstance(value, (int, float, np.floating)) and not isinstance(value, bool)
    if not ok or not 0 < float(value) <= 1:
        raise InvalidArgumentError(f"{name} must be a number in (0, 1]; got {value!r}")
    return float(value)


def check_map(m: Any, name: str = "m") -> CareerMap:
    """``m`` when it is a :class:`~careermap.CareerMap`; else an error saying where one comes from.

    >>> check_map([], name="data")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: data must be a careermap.CareerMap ...; got list
    """
    if not isinstance(m, CareerMap):
        raise InvalidArgumentError(
            f"{name} must be a careermap.CareerMap (from careermap.load); got {type(m).__name__}"
        )
    return m


def check_one_person(m: Any, caller: str, *, other: str = "") -> CareerMap:
    """``m`` when it is one person's :class:`~careermap.CareerMap`; else an error naming
    ``caller``, how many people the map holds and how to pick one (``other``: what to use
    instead for a cohort, said too).

    >>> import careermap
    >>> cohort = careermap.load(careermap.cohort_path())
    >>> check_one_person(cohort, "person_view")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: person_view takes one person's map; this one has 30 ...
    """
    m = check_map(m)
    if len(m.people) != 1:
        raise InvalidArgumentError(
            f"{caller} takes one person's map; this one has {len(m.people)} people "
            f"(pick one with m.person(person_id){', or use ' + other if other else ''})"
        )
    return m


def check_columns(frame: Any, columns: Iterable[str], caller: str) -> pd.DataFrame:
    """``frame`` when it is a DataFrame holding every column in ``columns``; else an error.

    The error names the function, the missing columns and the columns the frame has.

    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"date": []}), ["date", "hours"], "time_mix")
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: time_mix needs the column(s) hours; the frame has: date
    """
    if not isinstance(frame, pd.DataFrame):
        raise InvalidArgumentError(
            f"{caller} takes a pandas DataFrame first; got {type(frame).__name__}"
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidArgumentError(
            f"{caller} needs the column(s) {', '.join(missing)}; "
            f"the frame has: {', '.join(map(str, frame.columns)) or '(none)'}"
        )
    return frame


def renamed_arguments(**renames: str) -> Callable[[F], F]:
    """Keep old keyword names of a function working, with a ``DeprecationWarning``, for a release.

    ``@renamed_arguments(summary="data")`` lets ``f(summary=x)`` call ``f(data=x)``; passing both
    names is an error. The wrapped function keeps its signature (``inspect.signature`` shows
    the new names only).

    >>> @renamed_arguments(frame="data")
    ... def chart(data, *, n=1):
    ...     return data
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     chart(frame=3), str(caught[0].message)
    (3, 'chart(frame=...) is deprecated; use chart(data=...)')
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise InvalidArgumentError(
                        f"{func.__name__}() got both {old}= (its old name) and {new}=; "
                        f"pass {new}= only"
                    )
                warnings.warn(
                    f"{func.__name__}({old}=...) is deprecated; use {func.__name__}({new}=...)",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def positional_options(*names: str) -> Callable[[F], F]:
    """Keep options that became keyword-only working positionally, with a ``DeprecationWarning``,
    for a release.

    ``@positional_options("on", "reason")`` on ``f(folder, item, *, on=None, reason=None)``
    lets the old call ``f(folder, item, day, why)`` run as ``f(folder, item, on=day,
    reason=why)``. Passing an option both ways, or more positional values than there are
    old names, is an error. The wrapped function keeps its signature.

    >>> @positional_options("on", "reason")
    ... def drop(folder, item, *, on=None, reason=None):
    ...     return on, reason
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     drop("f", "M1", "2026-11-16"), str(caught[0].message)
    (('2026-11-16', None), 'drop(): passing on positionally is deprecated; use drop(..., on=...)')
    >>> drop("f", "M1", on="2026-11-16")
    ('2026-11-16', None)
    """

    def decorate(func: F) -> F:
        leading = [
            p.name
            for p in inspect.signature(func).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        keyword_only = [
            p.name for p in inspect.signature(func).parameters.values() if p.kind is p.KEYWORD_ONLY
        ]
        unknown = [n for n in names if n not in keyword_only]
        if unknown:  # a programming error in careermap itself, caught when the module loads
            raise TypeError(f"{func.__name__} has no keyword-only option {unknown[0]!r}")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            extra = args[len(leading) :]
            if not extra:
                return func(*args, **kwargs)
            if len(extra) > len(names):
                raise InvalidArgumentError(
                    f"{func.__name__}() takes {len(leading)} positional arguments "
                    f"({', '.join(leading)}) and the options {', '.join(names)} by name; "
                    f"got {len(args)} positional arguments"
                )
            given = dict(zip(names, extra, strict=False))
            twice = [n for n in given if n in kwargs]
            if twice:
                raise InvalidArgumentError(
                    f"{func.__name__}() got {twice[0]} both by position and as {twice[0]}=; "
                    f"pass {twice[0]}= only"
                )
            shown = ", ".join(given)
            warnings.warn(
                f"{func.__name__}(): passing {shown} positionally is deprecated; use "
                f"{func.__name__}(..., {', '.join(f'{n}=...' for n in given)})",
                DeprecationWarning,
                stacklevel=2,
            )
            return func(*args[: len(leading)], **given, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
