"""Start-up time: a text review loads none of the heavy libraries that only other formats, the model
stage, the HTML memo's pictures or the progress bar need (reviewer/__init__ states the policy)."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES

HEAVY = {"pandas", "numpy", "openai", "tiktoken", "pypdfium2", "pdfplumber", "pdfminer", "PIL", "openpyxl", "xlrd",
         "docx", "lxml", "charset_normalizer", "rich"}

LOADED_BY_A_REVIEW = """
import sys
from reviewer.cli import app
try:
    app(["review", sys.argv[1], "--offline", "-o", sys.argv[2]])
except SystemExit as exit:
    assert not exit.code, exit.code
print(" ".join(sorted(name for name in sys.modules if "." not in name)))
"""


def test_offline_text_review_imports_no_heavy_library(tmp_path):
    result = subprocess.run([sys.executable, "-c", LOADED_BY_A_REVIEW, str(FIXTURES / "juesuan_planted.txt"),
                             str(tmp_path / "memo.md")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert HEAVY & set(result.stdout.split()) == set()
