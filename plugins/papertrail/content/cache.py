"""Work kept between builds: parsed files and results derived from them.

An edit touches one story; everything else is as it was. :class:`BuildCache`
remembers each parsed content file by its stamp (modification time and size) and
hands back the *same object* when the file has not changed, and it remembers
derived results (mentions found in a story, quotations checked, a story's page)
together with the exact objects they were computed from. A result is reused only
when every one of those inputs is the identical object again, so a changed file,
a renamed entity or a new outlet makes the results that read them compute afresh.
Identity, not equality, is what is compared: it is exact and it costs nothing.

The cache lives in the MkDocs plugin instance across ``mkdocs serve`` rebuilds and
may be saved to disk (``.cache/plugin/papertrail/``) for warm builds in CI. It is a plain
cache: deleting it changes no output, only the time a build takes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from papertrail.content.cache_files import Codec, read_saved_tables, saved_tables_stamp, write_saved_tables
from papertrail.content.fingerprints import FileStamp, Fingerprint, file_fingerprint, file_stamp, read_file
from papertrail.content.replaced import replaced

T = TypeVar("T")


@dataclass
class _Entry:
    subject: object
    inputs: tuple[object, ...]
    value: object
    digest: bytes | None = None  # of a file's bytes


class BuildCache:
    """Parsed files and derived results, reused while their inputs are unchanged.

    Entries not used by a build are dropped by :meth:`sweep`, so the cache holds one
    build's worth of work however long ``mkdocs serve`` runs.
    """

    def __init__(self) -> None:
        self._tables: dict[str, dict[Hashable, _Entry]] = {}
        # The keys of each table a build used since begin() (kept by table: sweeping is
        # then a set difference, not a look-up per entry of every table).
        self._used: dict[str, set[Hashable]] = {}
        self.hits = 0
        self.misses = 0
        # Lookups of keyed tables since :meth:`record_keyed`, while recording (see there).
        self._keyed_log: list[tuple[str, str, object | None]] | None = None
        # The last build's rendered parts of the site, by key, with what each read
        # (papertrail.build.render_workers); in memory only, like the derived results.
        self.parts: dict[str, object] = {}
        self.reads: object = None  # and the index of their reads (a render.reads.ReadIndex)
        self.content: object = None  # the last load's content, its indexes to carry (carried_indexes.py)
        # What a phase keeps of the last build for the next, in memory (a preview's): each
        # content kind's load (content/loading.py), the analysis (analysis/).
        self.last: dict[str, Any] = {}
        # Each derived_each table's last subjects and results, to look at only what differs.
        self._each_last: dict[str, tuple[Sequence[object], Sequence[Any]]] = {}
        # The content files that may have changed since the last build, when a watch
        # knows (see begin); None: any may have.
        self.changed: frozenset[str] | None = None
        # Whether the tables saved by value differ from the file they were read from
        # (a warm build that rendered nothing new need not write 130 MB again).
        self.unsaved = True
        self._on_disk: FileStamp | None = None  # the stamp of the file they were read from or written to

    def begin(self, changed: Iterable[str] | None = None) -> None:
        """Start a build: from now on, entries count as used when looked up.

        Args:
            changed: Every file that may have changed since the last build, when the
                system's notifications tell (a preview's watch of ``content/``). The
                other files are then taken as they were without a look at each (at
                5,000 stories, listing and stamping 36,000 files was a fifth of a
                reload); a file not known before, or gone, lists its folder again.
                None (the default): any file may have changed, each is looked at.
        """
        self._used = {}
        self.hits = self.misses = 0
        self.changed = None if changed is None else frozenset(os.path.normpath(p) for p in changed)

    def _use(self, table: str, key: Hashable) -> None:
        self._used.setdefault(table, set()).add(key)

    def listing(self, folder: str, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, the list of ``folder``'s files, or the last build's when no
        file under ``folder`` is said to have changed (see :meth:`begin`) but files
        that were listed and still are there.

        Args:
            folder: The folder listed (a normalised path, as its files' paths begin).
            inputs: Everything else the listing depends on (compared by value).
            compute: Lists the folder: a list of tuples whose first member is a file's path.
        """
        slot = self._tables.setdefault("listings", {})
        self._use("listings", folder)
        entry = slot.get(folder)
        if entry is not None and entry.inputs == inputs and self.changed is not None:
            paths: frozenset[str] = entry.subject  # type: ignore[assignment]
            under = folder + os.sep
            if all(p in paths and os.path.isfile(p) for p in self.changed if p.startswith(under)):
                return entry.value  # type: ignore[return-value]
        value = compute()
        slot[folder] = _Entry(frozenset(item[0] for item in value[0]), inputs, value)  # type: ignore[index]
        return value

    def sweep(self) -> None:
        """Forget the entries the build since :meth:`begin` did not use."""
        for name, table in self._tables.items():
            for key in table.keys() - self._used.get(name, set()):
                self.unsaved = self.unsaved or table[key].subject is None  # a table saved by value
                del table[key]

    def file(
        self,
        path: str | Path,
        shown: str,
        parse: Callable[[bytes | None], T],
        known: Fingerprint | None = None,
    ) -> T:
        """``parse(raw)`` the file at ``path``, or the object parsed last time if it did not change.

        Unchanged means the same stamp (no read at all) or, when the stamp moved (a
        fresh checkout in CI sets every file's time), the same bytes. ``parse`` must
        depend on nothing but the file's bytes and ``shown`` (the path its messages name);
        it is given the bytes when they were read here (to fingerprint them), else None
        (it reads the file itself). ``known`` is the file's :func:`fingerprint` when it
        was just taken (by the worker that parsed the file ahead), so the file is not
        read again here.
        """
        key = str(path)
        slot = self._tables.setdefault("files", {})
        entry = slot.get(key)
        if (
            known is None
            and self.changed is not None
            and entry is not None
            and entry.inputs[1] == shown
            and key not in self.changed
        ):
            self._use("files", key)
            self.hits += 1
            return entry.value  # type: ignore[return-value]
        fingerprint = known or file_fingerprint(path)
        if fingerprint is None:
            # Not an ordinary file within the content size limit: it goes straight to
            # the loader, which refuses it in one line without opening it (a FIFO hung
            # the build, /dev/zero filled memory).
            return parse(None)
        stamp = fingerprint.stamp
        self._use("files", key)
        if entry is not None and entry.inputs == (stamp, shown):
            self.hits += 1
            return entry.value  # type: ignore[return-value]
        digest, raw = fingerprint.digest, None
        if digest is None:
            read = read_file(path)
            if read is None:
                return parse(None)
            digest, raw = read[0].digest, read[1]
        if entry is not None and entry.inputs[1] == shown and entry.digest == digest:
            entry.inputs = (stamp, shown)
            self.hits += 1
            return entry.value  # type: ignore[return-value]
        self.misses += 1
        value = parse(raw)
        slot[key] = _Entry(None, (stamp, shown), value, digest)
        return value

    def keep_files(self, paths: Iterable[str]) -> None:
        """Count the files at ``paths`` as used by this build, as :meth:`file` would."""
        self._used.setdefault("files", set()).update(paths)

    def keep_derived(self, table: str, subjects: Iterable[object]) -> None:
        """Count the :meth:`derived` results of ``subjects`` in ``table`` as used by this build."""
        self._used.setdefault(table, set()).update(map(id, subjects))

    def file_is_current(self, path: str | Path, shown: str) -> bool:
        """Whether :meth:`file` would hand back the object parsed last time without reading ``path``."""
        entry = self._tables.get("files", {}).get(str(path))
        if entry is None:
            return False
        stamp = file_stamp(path)
        return stamp is not None and entry.inputs == (stamp, shown)

    def has_derived(self, table: str, subject: object, inputs: tuple[object, ...]) -> bool:
        """Whether :meth:`derived` would reuse its last value (nothing is marked used)."""
        entry = self._tables.get(table, {}).get(id(subject))
        new = (subject, *inputs)
        return (
            entry is not None and len(entry.inputs) == len(new) and all(map(_same_input, entry.inputs, new))
        )

    def derived(self, table: str, subject: object, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, or its last value if ``subject`` and every input are the same objects.

        Args:
            table: What is computed (one table per kind of result).
            subject: The object the result is about (a story, a question).
            inputs: Every other object ``compute`` reads, compared by identity (plain
            values such as strings, numbers, dates and tuples of them by equality).
            compute: The pure computation.
        """
        slot = self._tables.setdefault(table, {})
        key = id(subject)
        self._use(table, key)
        entry = slot.get(key)
        new = (subject, *inputs)
        if entry is not None and len(entry.inputs) == len(new) and all(map(_same_input, entry.inputs, new)):
            self.hits += 1
            return entry.value  # type: ignore[return-value]
        self.misses += 1
        value = compute()
        slot[key] = _Entry(subject, new, value)
        return value

    def derived_each(
        self, table: str, subjects: Sequence[object], compute: Callable[[list[int]], Sequence[T]]
    ) -> list[T]:
        """:meth:`derived` of each of ``subjects`` with no other inputs, in one pass.

        Args:
            table: What is computed.
            subjects: The objects the results are about (every item of the content).
            compute: Given the positions of the subjects whose results are not kept,
                their results, in that order (all at once: it may use every core); not
                called when every result is kept.
        """
        slot = self._tables.setdefault(table, {})
        last_subjects, last_values = self._each_last.get(table, ((), ()))
        if len(last_subjects) == len(subjects):
            # A reload: most subjects are the identical objects in the same places, and
            # their results are the last call's; only the others are looked up (found
            # in C, not one subject at a time: 36,000 look-ups a rule at 5,000 stories).
            values = list(last_values)
            looked = replaced(last_subjects, subjects)
        else:
            values = [None] * len(subjects)
            looked = list(range(len(subjects)))
        missing: list[int] = []
        for position in looked:
            subject = subjects[position]
            entry = slot.get(id(subject))
            if entry is not None and len(entry.inputs) == 1 and entry.inputs[0] is subject:
                values[position] = entry.value
            else:
                missing.append(position)
        for position, value in zip(missing, compute(missing) if missing else (), strict=True):
            subject = subjects[position]
            slot[id(subject)] = _Entry(subject, (subject,), value)
            values[position] = value
        self._used.setdefault(table, set()).update(map(id, subjects))
        self._each_last[table] = (tuple(subjects), tuple(values))  # the caller may change its list
        self.hits += len(subjects) - len(missing)
        self.misses += len(missing)
        return values

    def keyed(self, table: str, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, or its value from an earlier build with the same ``key``.

        For results whose every input is in ``key`` (a digest of them): a page keyed
        on its spec is the same page while the digest is.
        """
        slot = self._tables.setdefault(table, {})
        self._use(table, key)
        entry = slot.get(key)
        if entry is not None:
            self.hits += 1
            if self._keyed_log is not None:
                self._keyed_log.append((table, key, None))
            return entry.value  # type: ignore[return-value]
        self.misses += 1
        value = compute()
        slot[key] = _Entry(None, (), value)
        self.unsaved = True
        if self._keyed_log is not None:
            self._keyed_log.append((table, key, value))
        return value

    def peek(self, table: str, key: str) -> object:
        """The value kept under ``key`` in a keyed table (it must be there), not marked used."""
        return self._tables[table][key].value

    def record_keyed(self) -> None:
        """Start noting every :meth:`keyed` lookup, for :meth:`take_keyed`.

        A worker process renders with a copy of the cache; what it looked up and what
        it computed go back to the build's own cache through :meth:`adopt_keyed`.
        """
        self._keyed_log = []

    def take_keyed(self) -> list[tuple[str, str, object | None]]:
        """The :meth:`keyed` lookups noted since the last call: (table, key, new value or None if reused)."""
        taken, self._keyed_log = self._keyed_log or [], []
        return taken

    def stop_keyed(self) -> None:
        """Stop noting :meth:`keyed` lookups."""
        self._keyed_log = None

    def adopt_keyed(self, lookups: list[tuple[str, str, object | None]]) -> None:
        """Take in another process's :meth:`take_keyed`: its new values, and what it used."""
        for table, key, value in lookups:
            self._use(table, key)
            if value is not None:
                self._tables.setdefault(table, {})[key] = _Entry(None, (), value)
                self.misses += 1
                self.unsaved = True
            else:
                self.hits += 1

    def stable(self, name: str, value: T) -> T:
        """``value``, or the equal value kept last time under ``name``.

        Results keyed on a value built afresh every build (all entity names, say)
        then find it identical, and compare in no time.
        """
        slot = self._tables.setdefault("stable", {})
        self._use("stable", name)
        entry = slot.get(name)
        if entry is not None and entry.value == value:
            return entry.value
        slot[name] = _Entry(None, (), value)
        return value

    # Saving ----------------------------------------------------------------

    def save(self, folder: Path, codecs: Mapping[str, Codec]) -> None:
        """Write the tables ``codecs`` names to ``folder``, as plain data.

        Only tables keyed by value are saved (pages by the digest of their spec):
        identity means nothing in another process, and objects read back from disk
        must be rebuilt from plain data, never unpickled (see :mod:`papertrail.content.cache_files`).

        Args:
            folder: The cache folder.
            codecs: For each table to save, how its values become plain data and back.
        """
        if not self.unsaved and self._on_disk is not None and saved_tables_stamp(folder) == self._on_disk:
            return  # read from there (or written) and unchanged since, there and here
        tables = {
            name: ((str(key), codec.encode(entry.value)) for key, entry in self._tables.get(name, {}).items())
            for name, codec in codecs.items()
        }
        self.unsaved, self._on_disk = False, write_saved_tables(folder, tables)

    @classmethod
    def load(cls, folder: Path, codecs: Mapping[str, Codec]) -> BuildCache:
        """The cache saved in ``folder``, or an empty one if there is none or it does not fit.

        Raises:
            CacheFileError: A file is there but not to be used (the caller says so and goes on).
        """
        cache = cls()
        saved = read_saved_tables(folder, codecs)
        if saved is not None:
            stamp, tables = saved
            for name, values in tables.items():
                cache._tables[name] = {key: _Entry(None, (), value) for key, value in values.items()}
            cache.unsaved, cache._on_disk = False, stamp
        return cache

    def __len__(self) -> int:
        return sum(len(t) for t in self._tables.values())


def derived(
    cache: BuildCache | None,
    table: str,
    subject: object,
    inputs: tuple[object, ...],
    compute: Callable[[], T],
) -> T:
    """:meth:`BuildCache.derived` when there is a cache, else just ``compute()``."""
    return compute() if cache is None else cache.derived(table, subject, inputs, compute)


def _same_input(old: object, new: object) -> bool:
    return old is new or (type(old) is type(new) and type(old) in _VALUES and old == new)


# Inputs of these types are compared by value. Content objects are not: two stories
# that compare equal may still differ in what `==` leaves out (line numbers).
_VALUES: frozenset[type] = frozenset({str, int, float, bool, type(None), tuple, dt.date, dt.datetime})
