"""Finding occupations by title and skills by name, with typo-tolerant suggestions."""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import re
from dataclasses import dataclass

import pandas as pd

from careermap.errors import InvalidArgumentError
from careermap.reference._data import load

_WORD = re.compile(r"[a-z0-9]+")
_CODE_PREFIX = re.compile(r"\d{2}(-\d{0,4}(\.\d{0,2})?)?")

# Score tiers (the score is a tier plus a small bonus below the next tier): the whole title,
# then the title starting with the query, the query as whole words, the query as the start of
# words, every query word starting a title word, every query word somewhere, and typo repairs.
_EXACT, _STARTS, _PHRASE, _PHRASE_PREFIX, _WORD_PREFIXES, _SUBSTRINGS = 0.9, 0.8, 0.7, 0.6, 0.5, 0.4
_FUZZY_SCALE = 0.35  # keeps a typo-repaired match (<= 0.35) below every direct match (>= 0.4)

RESULT_COLUMNS = ["code", "title", "matched_title", "score", "rated", "job_zone"]


def _normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class _TitleIndex:
    norms: list[str]  # lowercase, punctuation-free titles
    codes: list[str]
    shown: list[str]  # the title as O*NET spells it
    official: list[bool]  # the occupation's own title (not an alternate or short title)
    vocabulary: list[str]  # every word of every title, sorted
    vocabulary_text: str  # the vocabulary joined by newlines, to find substrings at C speed
    word_starts: list[int]  # where each vocabulary word starts in vocabulary_text
    entries_by_word: dict[str, list[int]]  # word -> positions in norms
    words_by_bigram: dict[str, list[str]]  # for finding candidate spellings quickly
    occupations: pd.DataFrame  # indexed by code: title, rated, job_zone


def _bigrams(word: str) -> set[str]:
    padded = f"^{word}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


@functools.cache
def _title_index() -> _TitleIndex:
    occ = load("occupations")
    alt = load("alternate_titles")
    short = alt.dropna(subset=["short_title"])
    entries = pd.concat(
        [
            pd.DataFrame({"code": occ["code"], "shown": occ["title"], "official": True}),
            pd.DataFrame({"code": alt["code"], "shown": alt["title"], "official": False}),
            pd.DataFrame({"code": short["code"], "shown": short["short_title"], "official": False}),
        ],
        ignore_index=True,
    )
    entries["norm"] = entries["shown"].map(_normalise)
    entries = entries[entries["norm"] != ""].drop_duplicates(["code", "norm"])
    norms = entries["norm"].tolist()
    entries_by_word: dict[str, list[int]] = {}
    for position, norm in enumerate(norms):
        for word in set(norm.split()):
            entries_by_word.setdefault(word, []).append(position)
    words_by_bigram: dict[str, list[str]] = {}
    for word in entries_by_word:
        for bigram in _bigrams(word):
            words_by_bigram.setdefault(bigram, []).append(word)
    vocabulary = sorted(entries_by_word)
    word_starts = list(itertools.accumulate((len(w) + 1 for w in vocabulary[:-1]), initial=0))
    return _TitleIndex(
        norms=norms,
        codes=entries["code"].tolist(),
        shown=entries["shown"].tolist(),
        official=entries["official"].tolist(),
        vocabulary=vocabulary,
        vocabulary_text="\n".join(vocabulary),
        word_starts=word_starts,
        entries_by_word=entries_by_word,
        words_by_bigram=words_by_bigram,
        occupations=occ.set_index("code")[["title", "rated", "job_zone"]],
    )


@functools.lru_cache(maxsize=4096)
def _token_entries(token: str) -> frozenset[int]:
    """Positions of the titles with a word containing ``token``.

    One or two letters inside a word match almost anything ("bi" in "mobile"), so such short
    tokens must start a word.
    """
    index = _title_index()
    if len(token) <= 2:
        first = bisect.bisect_left(index.vocabulary, token)
        last = bisect.bisect_left(index.vocabulary, token + "\uffff")
        words = index.vocabulary[first:last]
    else:
        found = re.finditer(re.escape(token), index.vocabulary_text)
        hits = {bisect.bisect_right(index.word_starts, m.start()) - 1 for m in found}
        words = [index.vocabulary[i] for i in hits]
    return frozenset(itertools.chain.from_iterable(index.entries_by_word[w] for w in words))


def _tier(query: str, tokens: list[str], norm: str, phrase: re.Pattern[str]) -> float:
    """How well ``norm`` (holding every query token inside its words) matches ``query``."""
    found = phrase.search(norm)
    if found:  # the query as whole words, allowing a plural "s"/"es" on the last one
        if found.start() == 0:
            return _EXACT if found.end() == len(norm) else _STARTS
        return _PHRASE
    if norm.startswith(query) or f" {query}" in norm:
        return _PHRASE_PREFIX
    title_words = norm.split()
    if all(any(w.startswith(t) for w in title_words) for t in tokens):
        return _WORD_PREFIXES
    return _SUBSTRINGS


def _match(index: _TitleIndex, query: str, allowed: set[str] | None) -> dict[str, tuple]:
    """Best (score, matched title, matches) per code for titles containing every token."""
    tokens = query.split()
    candidates: frozenset[int] | None = None
    for token in sorted(set(tokens), key=len, reverse=True):  # most selective first
        hits = _token_entries(token)
        candidates = hits if candidates is None else candidates & hits
        if not candidates:
            return {}
    phrase = re.compile(rf"(?:^| ){re.escape(query)}(?:e?s)?(?= |$)")
    best: dict[str, tuple] = {}
    for position in sorted(candidates or ()):
        code = index.codes[position]
        if allowed is not None and code not in allowed:
            continue
        norm = index.norms[position]
        score = _tier(query, tokens, norm, phrase)
        # Within a tier: closer in length to the query, and the official title, rank higher.
        score += 0.05 * min(len(query) / len(norm), 1.0)
        score += 0.05 if index.official[position] else 0.0
        previous = best.get(code)
        if previous is None:
            best[code] = (score, index.shown[position], 1)
        elif score > previous[0]:
            best[code] = (score, index.shown[position], previous[2] + 1)
        else:
            best[code] = (previous[0], previous[1], previous[2] + 1)
    return best


def _close_words(index: _TitleIndex, token: str) -> list[str]:
    """Title words spelt like ``token`` (difflib), searched among words sharing bigrams."""
    shared: dict[str, int] = {}
    for bigram in _bigrams(token):
        for word in index.words_by_bigram.get(bigram, ()):
            shared[word] = shared.get(word, 0) + 1
    wanted = len(_bigrams(token))
    pool = [
        w
        for w, count in shared.items()
        if abs(len(w) - len(token)) <= 2 and 2 * count >= 0.4 * (wanted + len(w) + 1)
    ]
    return difflib.get_close_matches(token, sorted(pool), n=3, cutoff=0.75)


def _repairs(index: _TitleIndex, query: str) -> list[tuple[str, float]]:
    """Queries with unknown words replaced by close title words, with their similarity."""
    options = []
    for token in query.split():
        if _token_entries(token):
            options.append([(token, 1.0)])
            continue
        close = _close_words(index, token)
        if not close:
            return []
        options.append([(w, difflib.SequenceMatcher(None, token, w).ratio()) for w in close])
    repaired = []
    for combo in itertools.product(*options):
        similarity = min(s for _, s in combo)
        if similarity < 1.0:
            repaired.append((" ".join(w for w, _ in combo), similarity))
    return repaired


def search_occupations(query: str, n: int = 10, *, rated_only: bool = False) -> pd.DataFrame:
    """Find O*NET occupations by title, alternate title or code, best match first.

    Matching is case-insensitive over each occupation's title and its O*NET alternate and
    short titles ("BI Analyst"). Whole-title matches score highest, then titles starting with
    the query, whole-word, word-prefix and substring matches; a query with no match at all is
    retried with misspelt words replaced by close title words (difflib). An O*NET-SOC code or
    code prefix ("15-2051") matches codes.

    Parameters
    ----------
    query : str
        Free text such as ``"data scientist"`` or ``"BI analyst"``.
    n : int, default 10
        Maximum number of occupations returned.
    rated_only : bool, default False
        Keep only occupations that have O*NET Skills/Knowledge ratings (usable as target
        roles for a skill gap).

    Returns
    -------
    pandas.DataFrame
        One row per occupation: ``code``, ``title``, ``matched_title`` (the title that
        matched best), ``score`` (0-1, 1 = the occupation's own title exactly), ``rated``,
        ``job_zone``. Empty when nothing matches.

    Examples
    --------
    >>> search_occupations("data scientist", n=3).code.iloc[0]
    '15-2051.00'
    >>> search_occupations("BI analyst", n=1)[["code", "matched_title"]].iloc[0].tolist()
    ['15-2051.01', 'BI Analyst']
    """
    if not isinstance(query, str):
        raise InvalidArgumentError(f"query must be a str; got {type(query).__name__} {query!r}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidArgumentError(f"n must be a positive int; got {n!r}")
    index = _title_index()
    occ = index.occupations
    allowed = set(occ.index[occ["rated"]]) if rated_only else None

    text = query.strip()
    if _CODE_PREFIX.fullmatch(text):
        codes = [c for c in occ.index if c.startswith(text) and (allowed is None or c in allowed)]
        best = {c: (1.0 if c == text else 0.9, occ.at[c, "title"], 1) for c in codes}
    else:
        normalised = _normalise(text)
        best = _match(index, normalised, allowed) if normalised else {}
        if not best and normalised:
            for repaired, similarity in _repairs(index, normalised):
                for code, (score, shown, count) in _match(index, repaired, allowed).items():
                    score = round(score * _FUZZY_SCALE * similarity, 6)
                    if code not in best or score > best[code][0]:
                        best[code] = (score, shown, count)

    if not best:
        return pd.DataFrame(
            {
                "code": pd.Series(dtype="str"),
                "title": pd.Series(dtype="str"),
                "matched_title": pd.Series(dtype="str"),
                "score": pd.Series(dtype="float64"),
                "rated": pd.Series(dtype="bool"),
                "job_zone": pd.Series(dtype="Int64"),
            }
        )
    found = pd.DataFrame(
        [(code, shown, score, count) for code, (score, shown, count) in best.items()],
        columns=["code", "matched_title", "score", "_matches"],
    )
    found["score"] = found["score"].round(4)
    # Ties: the occupation with more matching titles, then the code.
    found = found.sort_values(["score", "_matches", "code"], ascending=[False, False, True]).head(n)
    found = found.join(occ, on="code")
    found["code"] = found["code"].astype("str")
    found["matched_title"] = found["matched_title"].astype("str")
    return found[RESULT_COLUMNS].reset_index(drop=True)


def suggest_codes(code: str, n: int = 3) -> list[str]:
    """Close O*NET-SOC codes for an unknown ``code``, as ``"code (title)"`` strings."""
    index = _title_index()
    occ = index.occupations
    text = str(code).strip()
    if _CODE_PREFIX.fullmatch(text) or re.fullmatch(r"[\d.\-\s]+", text):
        same_soc = [c for c in occ.index if c.startswith(text[:7])] if len(text) >= 7 else []
        codes = same_soc or difflib.get_close_matches(text, list(occ.index), n=n, cutoff=0.6)
    else:
        codes = search_occupations(text, n=n)["code"].tolist()
    return [f"{c} ({occ.at[c, 'title']})" for c in codes[:n]]


@functools.cache
def _skill_lookup() -> tuple[dict[str, str], dict[str, str]]:
    skills = load("skills")
    by_key: dict[str, str] = {}
    # "Mathematics" names both a skill (2.A.1.e) and a knowledge area (2.C.4.a); the catalogue
    # lists skills first and the first element keeps the name.
    for skill_id, name in zip(skills["skill_id"], skills["name"], strict=True):
        by_key.setdefault(_squash(skill_id), skill_id)
        by_key.setdefault(_squash(name), skill_id)
    names = {_squash(name): name for name in skills["name"]}
    return by_key, names


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def resolve_skill(text: str) -> str | None:
    """The O*NET element id of a skill or knowledge area given by id or name, else None.

    Matching ignores case and surrounding or repeated whitespace. Anything else (a custom
    skill id, a typo, a non-string) gives None; see :func:`suggest_skills` for typos.
    One name is shared: "Mathematics" is the skill 2.A.1.e and the knowledge area 2.C.4.a;
    the name resolves to the skill, so give the id for the knowledge area.

    Examples
    --------
    >>> resolve_skill("  programming ")
    '2.B.3.e'
    >>> resolve_skill("2.C.3.a")
    '2.C.3.a'
    >>> resolve_skill("mlops") is None
    True
    """
    if not isinstance(text, str):
        return None
    return _skill_lookup()[0].get(_squash(text))


def suggest_skills(text: str, n: int = 3) -> list[str]:
    """Up to ``n`` O*NET skill/knowledge names close to ``text``, best first.

    Names containing ``text`` come first, then close spellings (difflib, cutoff 0.6).

    Examples
    --------
    >>> suggest_skills("Programing")[0]
    'Programming'
    >>> suggest_skills("zzzz")
    []
    """
    if not isinstance(text, str):
        return []
    names = _skill_lookup()[1]
    key = _squash(text)
    if not key:
        return []
    contained = sorted((k for k in names if key in k), key=len)
    close = difflib.get_close_matches(key, list(names), n=n, cutoff=0.6)
    ordered = list(dict.fromkeys([*close[:1], *contained, *close]))
    return [names[k] for k in ordered[:n]]
