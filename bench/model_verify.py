"""Verification's catch rate on scripted wrong answers, through the real model stage.

Usage:
    .venv/bin/python bench/model_verify.py [REPORT ...] [--write]

Default reports: the seeds (../shared/seeds/*.txt). A scripted endpoint (tests/llm_support.FakeOpenAI
on 127.0.0.1, real HTTP) answers every claim of every request "inconsistent", in one way per run:
- invented quote: words that stand nowhere in the report;
- quote from elsewhere: the report's own words (its title line) but outside the claim's material;
- invented figure: the claim's own words, citing a figure that stands nowhere in the material;
- figure from elsewhere: the claim's own words, citing a figure that stands in the report but not in
  the material nor beside the quote (the first such, when it does not follow from the material);
- right: the claim's own words and a figure of its material (must be kept, not caught).
The scripted model repeats itself when verification asks it again, so a re-ask cannot rescue a wrong
answer. Caught = dropped by verification; for the right answers, kept (or merged into a rule finding).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from benchmarks_md import stamp, update_section  # noqa: E402
from llm_support import FakeOpenAI, answer, answers, config, items_of, ok, question_of  # noqa: E402

from reviewer.ingest import load  # noqa: E402
from reviewer.llm.cache import Store  # noqa: E402
from reviewer.llm.stage import ModelStage  # noqa: E402
from reviewer.llm.verify import numbers_in  # noqa: E402
from reviewer.review import review_document  # noqa: E402

SECTION = "model-verify"
HEADING = "Model stage: verification's catch rate on scripted wrong answers"
_MATERIAL = re.compile(r"<<<材料>>>\n(.*?)\n<<<材料结束>>>", re.S)
WAYS = ("invented quote", "quote from elsewhere", "invented figure", "figure from elsewhere", "right")


def _own_words(item: str) -> str:
    material = _MATERIAL.search(item)
    words = (material.group(1) if material else item).strip().splitlines()[0]
    words = re.sub(r"^［[^］]*］", "", words)
    if "｜" in words:     # a row as the stage writes it ("指标：X｜…"): the first cell's own words
        words = words.split("｜")[0].split("：", 1)[-1]
    return words[:24]


def scripted(way: str, title: str, document_numbers: list[str]):
    def handler(body: dict):
        replies = []
        question = question_of(body)
        shared = _MATERIAL.search(question.split("【Q1】")[0]) if "【Q1】" in question else None
        for claim_id, item in items_of(question):
            words = _own_words(item)
            material = "\n".join(_MATERIAL.findall(item)) + (shared.group(1) if shared else "")
            shown = [str(v) for v, _ in numbers_in(material)]
            own_figure = shown[0] if shown else "1"
            if way == "invented quote":
                reply = answer(quote="本项目资金全部用于购置办公设备和车辆", numbers=())
            elif way == "quote from elsewhere":
                reply = answer(quote=title, numbers=())
            elif way == "invented figure":
                reply = answer(quote=words, numbers=("987.65",), explanation="应为987.65")
            elif way == "figure from elsewhere":
                other = next((n for n in document_numbers if n not in shown), "987.65")
                reply = answer(quote=words, numbers=(other,), explanation=f"应为{other}")
            else:
                reply = answer(quote=words, numbers=(own_figure,) if shown else (), explanation="与材料不符")
            replies.append((claim_id, reply))
        return ok(answers(*replies))
    return handler


def run(paths: list[Path]) -> dict:
    results = {way: {"answers": 0, "dropped": 0, "kept": 0} for way in WAYS}
    for path in paths:
        document = load(path)
        title = next(line.strip() for line in document.source_lines if len(line.strip()) >= 6)[:30]
        figures = [str(v) for v, places in numbers_in("\n".join(document.source_lines)) if v >= 10 and v % 10 == 0]
        for way in WAYS:
            with tempfile.TemporaryDirectory() as scratch, \
                    FakeOpenAI(handler=scripted(way, title, figures)) as server:
                settings = config(server.base_url, Path(scratch), concurrency=4)
                review = review_document(load(path), model=ModelStage(settings, Store(settings.cache_path)))
            llm = review.run["llm"]
            results[way]["answers"] += llm["verdicts"].get("inconsistent", 0)
            results[way]["dropped"] += sum(llm["dropped"].values())
            results[way]["kept"] += llm["kept"] + llm["merged_into_rule_findings"]
        print(path.name, {w: dict(r) for w, r in results.items()}, file=sys.stderr)
    return results


def table(results: dict, reports: int) -> str:
    out = ["| scripted answer | inconsistent answers | dropped by verification | kept | rate |", "|---|---|---|---|---|"]
    for way, r in results.items():
        rate = (r["dropped"] if way != "right" else r["kept"]) / r["answers"] if r["answers"] else 0
        label = "kept" if way == "right" else "caught"
        out.append(f"| {way} | {r['answers']} | {r['dropped']} | {r['kept']} | {rate:.0%} {label} |")
    out += ["", f"{reports} reports; every claim of every request answered \"inconsistent\" the same way (the re-ask "
            "repeats it). Kept counts findings added or merged into a rule finding (one per claim and line)."]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    paths = [Path(p) for p in args.reports] or sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    report = table(run(paths), len(paths))
    print(report)
    if args.write:
        update_section(SECTION, f"## {HEADING} ({stamp()})\n\n"
                       "Reproduce: `.venv/bin/python bench/model_verify.py --write` (a scripted endpoint on "
                       "127.0.0.1, the real client, verification and merge).\n\n" + report)


if __name__ == "__main__":
    main()
