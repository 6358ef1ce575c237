"""The model stage (issue 5): claim packs judged by a prompted model on any OpenAI-compatible endpoint,
verified against the document and merged into the memo. See ``stage.ModelStage`` for the flow.

Importing this package loads only the configuration; the client (and the ``openai`` SDK) load when a
stage is built, so offline runs never pay for them.
"""

from reviewer.llm.config import ConfigError, ModelConfig, resolve_config

__all__ = ["ConfigError", "ModelConfig", "resolve_config"]
