"""Property-based tests: whatever an editor saves or pastes, no traceback.

Hypothesis mutates valid content files and real raw inputs (bytes inserted, cut,
repeated; YAML and HTML punctuation; control characters; wrong types in WordPress
JSON) and throws them at the loader and the importer. The properties:

- loading reports problems and never raises; every problem names a file under
  ``content/`` and says something;
- importing gives every input a result, and an error is always one of the importer's
  own reasons, never the "could not be cleaned" net for an unforeseen exception.

Bounded (a few dozen examples each, no deadline) so the suite stays quick.
"""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertrail.build.pipeline import check_content
from papertrail.content import documents
from papertrail.importer.sources import import_one, load_library
from tests.conftest import FILES, SEEDS, STORY

VALID = {name: textwrap.dedent(text) for name, text in FILES.items()} | {"stories/test-story.md": STORY}
# Characters that change how YAML, front matter or Markdown read, and ones that must
# never reach a page.
PUNCTUATION = ":-[]{}&*!|>'\"#%@,?\n\t ---`<>\\"
CONTROLS = "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\u2028\ufffe"
SNIPPET = st.text(alphabet=PUNCTUATION + CONTROLS + "aZ09é€", max_size=40)
RAW_SEEDS = [p.read_bytes() for p in sorted(SEEDS.glob("00[123]_*.txt"))]

PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with one to three edits: an insert, a cut or a repeat."""
    data = original
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["insert", "cut", "repeat", "bytes"]))
        if edit == "insert":
            data = data[:at] + draw(SNIPPET).encode("utf-8") + data[at:]
        elif edit == "bytes":
            data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
        elif edit == "cut":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        else:
            end = min(len(data), at + draw(st.integers(1, 60)))
            data = data[:at] + data[at:end] * draw(st.integers(2, 50)) + data[end:]
    return data


@st.composite
def broken_content(draw: st.DrawFn) -> dict[str, bytes]:
    """The small valid content folder with one or two files mutated."""
    files = {name: text.encode("utf-8") for name, text in VALID.items()}
    for name in draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=2, unique=True)):
        files[name] = draw(mutated(files[name]))
    return files


def write_folder(root: Path, files: dict[str, bytes]) -> Path:
    """``files`` (paths below ``root``) written into ``root``."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@PROPERTY_SETTINGS
@given(broken_content())
def test_loading_mutated_content_reports_problems_and_never_raises(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_folder(Path(folder) / "content", files)
        _, problems = check_content(root, Path(folder))
        for problem in problems:
            assert problem.path.startswith("content/"), problem
            assert problem.message.strip(), problem
            assert "\n" not in str(problem), problem


# YAML texts in the shapes content takes, with every kind of scalar and a few tags.
YAML_SCALAR = st.one_of(
    SNIPPET,
    st.sampled_from(
        ["2025-09-03", "2025-09-03T09:30:00+00:00", "2025-13-45", "yes", "~", "0x1F", "1e3", ".nan"]
    ),
    st.integers(),
    st.booleans(),
)
YAML_TEXT = st.recursive(
    YAML_SCALAR.map(lambda v: v if isinstance(v, str) else json.dumps(v)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.sampled_from(["a", "b", "1", "true", "2025-01-01"]), inner), max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
        ),
        inner.map(lambda v: f"!!str {v}"),
        inner.map(lambda v: f"!!set {{{v}}}"),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(st.sampled_from(["title", "date", "<<", "title"]), YAML_TEXT), min_size=1, max_size=4)
)
def test_yaml_values_are_what_safe_load_gives(fields: list[tuple[str, str]]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in fields)
    try:
        expected = yaml.load(text, Loader=documents.LOADER)
    except Exception:  # PyYAML refuses it: the loader reports a problem instead
        expected = None
    value, _, problems = documents.load_yaml_text(text, "x.yml")
    if not any(p.line is not None and "malformed" in p.message for p in problems):
        assert value == expected


# JSON values shaped like WordPress posts, with every type in every place.
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | SNIPPET,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["rendered", "name", "x"]), inner)
    ),
    max_leaves=10,
)
WORDPRESS_POST = st.fixed_dictionaries(
    {
        "title": st.dictionaries(st.just("rendered"), JSON_VALUE),
        "content": st.dictionaries(st.just("rendered"), JSON_VALUE),
    },
    optional={
        "link": JSON_VALUE,
        "date_gmt": JSON_VALUE,
        "date": JSON_VALUE,
        "yoast_head_json": JSON_VALUE,
        "_embedded": JSON_VALUE,
    },
)
RAW_INPUT = st.one_of(
    st.sampled_from(RAW_SEEDS).flatmap(mutated),
    WORDPRESS_POST.map(lambda post: json.dumps(post).encode()),
    st.lists(WORDPRESS_POST, max_size=3).map(lambda posts: json.dumps(posts).encode()),
    st.builds(
        lambda tags, text: (
            "<html><body>" + "".join(f"<{t}>{text}" for t in tags) + "</body></html>"
        ).encode(),
        st.lists(
            st.sampled_from(["div", "p", "article", "b", "/div", "table", "li", "h1", "script"]), max_size=30
        ),
        SNIPPET,
    ),
    st.binary(max_size=200),
)
# Reasons the importer gives on purpose; anything else would be the catch-all.
UNFORESEEN = "could not be cleaned"


@PROPERTY_SETTINGS
@given(st.lists(RAW_INPUT, min_size=1, max_size=3))
def test_importing_mutated_inputs_gives_each_a_result_and_never_raises(inputs: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "sources").mkdir(parents=True)
        (content / "outlets.yml").write_text("unnamed:\n  name: Unnamed site\n", encoding="utf-8")
        library = load_library(content / "sources", content / "outlets.yml")
        for number, raw in enumerate(inputs):
            results = import_one(f"input-{number}", raw, library, outlet="unnamed")
            assert results, "every input gets at least one result"
            for result in results:
                assert result.status in {"written", "duplicate", "error"}
                if result.status == "error":
                    assert result.error and UNFORESEEN not in result.error, result.error
        # What was written passes the loader's own reading of a source file.
        _, problems = check_content(content, Path(folder))
        assert not [p for p in problems if p.is_error and p.path.startswith("content/sources/")], [
            str(p) for p in problems
        ]
