"""What the model-stage benchmarks share: choosing the endpoint (the bundled local model or any other)."""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from reviewer.llm.config import resolve_config
from reviewer.llm.local_server import MODEL_ALIAS, LocalServer, available


def add_endpoint_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--local", action="store_true", help="Start the bundled local model (Gemma-3 270M).")
    parser.add_argument("--threads", type=int, default=2, help="Threads for the local model.")
    parser.add_argument("--model", help="Model name (else REVIEWER_MODEL or reviewer.toml).")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (else OPENAI_BASE_URL or reviewer.toml).")
    parser.add_argument("--concurrency", type=int, help="Requests in flight (default: the configuration's).")


@contextmanager
def endpoint(args, scratch: Path):
    """(config, label) for the chosen endpoint; a local server lives as long as the context."""
    if args.local:
        reason = available()
        if reason:
            raise SystemExit(reason)
        with LocalServer(threads=args.threads) as server:
            config = resolve_config(MODEL_ALIAS, server.base_url, env={"OPENAI_API_KEY": "sk-local"},
                                    cache_path=scratch / "cache.sqlite3", concurrency=1, timeout_s=300.0)
            yield config, f"local {MODEL_ALIAS} (llama.cpp via xllamacpp, {args.threads} threads)"
        return
    config = resolve_config(args.model, args.base_url)
    if not config.configured:
        raise SystemExit("no model: pass --local, or --model/--base-url (OPENAI_API_KEY from the environment)")
    if args.concurrency:
        config = replace(config, concurrency=args.concurrency)
    yield replace(config, cache_path=scratch / "cache.sqlite3"), f"{config.model} at {config.base_url}"
