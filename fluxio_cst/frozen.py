"""Read-only JSON values: literals of the file and emitted ASL, kept by an immutable model.

``dict`` and ``list`` subclasses rather than ``types.MappingProxyType`` and tuples, so that
``json.dumps`` writes them and they equal the values they were read as.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple


def _read_only(method: str) -> Any:
    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise TypeError(f"{type(self).__name__} is read-only: the model of a parsed file does not change")

    refuse.__name__ = method
    return refuse


class ReadOnlyDict(Dict[str, Any]):
    """A ``dict`` that cannot change: a literal of the file (``build_spec``, ``input_data``).

    A ``dict`` subclass rather than ``types.MappingProxyType`` so that ``json.dumps`` writes it
    and it equals the dict it was read as; copies (``copy``, ``dataclasses.asdict``, pickling)
    are read-only too.
    """

    __setitem__ = _read_only("__setitem__")
    __delitem__ = _read_only("__delitem__")
    __ior__ = _read_only("__ior__")
    clear = _read_only("clear")
    pop = _read_only("pop")
    popitem = _read_only("popitem")
    setdefault = _read_only("setdefault")
    update = _read_only("update")

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (dict(self),))


class ReadOnlyList(List[Any]):
    """A ``list`` that cannot change (JSON writes it as a list; it equals the list it was)."""

    __setitem__ = _read_only("__setitem__")
    __delitem__ = _read_only("__delitem__")
    __iadd__ = _read_only("__iadd__")
    __imul__ = _read_only("__imul__")
    append = _read_only("append")
    clear = _read_only("clear")
    extend = _read_only("extend")
    insert = _read_only("insert")
    pop = _read_only("pop")
    remove = _read_only("remove")
    reverse = _read_only("reverse")
    sort = _read_only("sort")

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (list(self),))


def thawed(value: Any) -> Any:
    """A plain copy of a :func:`frozen_json` value."""
    if isinstance(value, dict):
        return {key: thawed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [thawed(item) for item in value]
    return value


def frozen_json(value: Any) -> Any:
    """A JSON literal with every dict and list made read-only, recursively."""
    if isinstance(value, dict):
        return ReadOnlyDict((key, frozen_json(item)) for key, item in value.items())
    if isinstance(value, list):
        return ReadOnlyList(frozen_json(item) for item in value)
    return value
