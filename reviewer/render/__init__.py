"""Render a Review: Markdown memo and JSON memo, in Chinese (default) or English."""

from reviewer.render.json_memo import render_json
from reviewer.render.markdown import render_markdown

__all__ = ["render_json", "render_markdown"]
