"""The public API is what __init__ lists, and every name in it exists."""

from __future__ import annotations

import warwatch


def test_all_names_exist_and_are_sorted():
    assert warwatch.__all__ == sorted(warwatch.__all__)
    for name in warwatch.__all__:
        assert hasattr(warwatch, name), name


def test_public_names_are_exactly_all():
    public = {n for n in vars(warwatch) if not n.startswith("_")} - {"annotations"}  # from __future__
    modules = {n for n in public if type(getattr(warwatch, n)).__name__ == "module"}
    assert public - modules == set(warwatch.__all__) - {"__version__"}


def test_one_version_number():
    from importlib.metadata import version

    assert version("warwatch") == warwatch.__version__
