"""Generate N synthetic reports for batch benchmarks and tests, from the project's own fixtures.

Each report is a fixture with a different department name, some of them also with one amount
changed (a planted error) and some in GB18030 or as HTML, so a batch has varied shapes and risks.
Not shipped as fixtures: generated on demand, deterministic for a given seed.

Usage: python bench/make_batch.py OUT_DIR [-n 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BASES = ["juesuan_consistent.txt", "juesuan_planted.txt", "jixiao_consistent.txt", "jixiao_planted.txt",
         "juesuan_consistent_gbk.html"]
PLACES = ["东川", "西岭", "南湖", "北塘", "青石", "白沙", "金溪", "玉泉", "松岗", "柳营"]
AMOUNT = re.compile(r"\d+\.\d{2}")


def _read(name: str) -> tuple[str, str]:
    data = (FIXTURES / name).read_bytes()
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValueError(f"cannot decode {name}")


def _plant(text: str, rng: random.Random) -> str:
    """Change one two-decimal amount on a random line that has one."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if AMOUNT.search(line)]
    i = rng.choice(candidates)
    match = rng.choice(list(AMOUNT.finditer(lines[i])))
    bumped = f"{float(match.group()) + rng.choice([0.5, 3, 27.1]):.2f}"
    lines[i] = lines[i][: match.start()] + bumped + lines[i][match.end():]
    return "\n".join(lines)


def generate(out: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    bases = [(name, *_read(name)) for name in BASES if (FIXTURES / name).exists()]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(count):
        name, text, encoding = bases[index % len(bases)]
        place = f"{PLACES[index % len(PLACES)]}{index}"
        text = text.replace("临溪", place)
        if rng.random() < 0.5:
            text = _plant(text, rng)
        path = out / f"report_{index:04d}{Path(name).suffix}"
        path.write_bytes(text.encode(encoding))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{len(generate(args.out, args.n, args.seed))} reports in {args.out}")


if __name__ == "__main__":
    main()
