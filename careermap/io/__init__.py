"""Reading map folders into validated frames.

:func:`load` and :func:`validate` read a person's folder, a cohort or a Parquet cohort. The
other functions are the loader's own rules, for code that writes a map folder (the store):
:func:`check_log` checks a log file's rows as loading would, :func:`check_yaml` says what
stops a YAML file being read, :func:`read_map_file` reads a file only if it is a regular file
inside the map (:func:`read_map_file_version` also says which version of it was read),
:func:`parse_date` reads a date as the loader does, :func:`load_cached` loads a folder from a
cache kept between runs while its files are unchanged (:func:`cache_dir` is where;
:func:`remembered` keeps any other result between runs the same way),
:func:`count_lines` numbers lines as problems do, and :func:`roadmap_date_keys` says which
roadmap keys hold dates. :func:`convert` writes a cohort as Parquet frames
(:func:`is_parquet_cohort` tells such a folder apart); :func:`read_parquet_cohort` opens a
Parquet cohort for engines that read it lazily (the cohort KPIs on DuckDB).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from careermap.io._cache import cache_dir, load_cached, remembered
from careermap.io._check_log import check_log
from careermap.io._convert import convert, is_parquet_cohort
from careermap.io._files import (
    MAX_FILE_BYTES,
    FileVersion,
    check_yaml,
    count_lines,
    output_problem,
    read_given_file,
    read_map_file,
    read_map_file_version,
)
from careermap.io._load import find_people, load, validate
from careermap.io._roadmap import roadmap_date_keys
from careermap.io._validate import parse_date
from careermap.io._yaml import parse_yaml

if TYPE_CHECKING:
    from careermap.io._engines import ENGINES, Engine, open_engine, parquet_paths, shared_database
    from careermap.io._parquet import ROW_NUMBER, ParquetCohort, read_parquet_cohort

# the engines' names import duckdb and ibis (a second on their own): only the cohort KPIs
# and Parquet cohorts need them, so they are imported on first use (PEP 562)
_LAZY = {
    "ENGINES": "_engines",
    "Engine": "_engines",
    "open_engine": "_engines",
    "parquet_paths": "_engines",
    "shared_database": "_engines",
    "ROW_NUMBER": "_parquet",
    "ParquetCohort": "_parquet",
    "read_parquet_cohort": "_parquet",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'careermap.io' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"careermap.io.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ENGINES",
    "MAX_FILE_BYTES",
    "ROW_NUMBER",
    "Engine",
    "FileVersion",
    "ParquetCohort",
    "cache_dir",
    "check_log",
    "check_yaml",
    "convert",
    "count_lines",
    "find_people",
    "is_parquet_cohort",
    "load",
    "load_cached",
    "open_engine",
    "output_problem",
    "parquet_paths",
    "parse_date",
    "parse_yaml",
    "read_given_file",
    "read_map_file",
    "read_map_file_version",
    "read_parquet_cohort",
    "remembered",
    "roadmap_date_keys",
    "shared_database",
    "validate",
]
