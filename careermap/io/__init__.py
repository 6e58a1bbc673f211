"""Reading map folders into validated frames (and, in :mod:`careermap.store`, writing them)."""

from careermap.io._load import find_people, load, validate

__all__ = ["find_people", "load", "validate"]
