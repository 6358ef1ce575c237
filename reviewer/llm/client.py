"""One chat completion against any OpenAI-compatible endpoint, with the manners a shared API needs.

- timeouts on every request (``timeout_s``); the SDK's own retries are off, tenacity does them:
  429, 5xx, 408, timeouts and dropped connections are retried with exponential backoff and jitter
  (a connection refused or a host name that does not resolve is not: no wait makes it answer),
  waiting exactly as long as ``Retry-After`` (or ``retry-after-ms``) asks when the server says;
- a concurrency limit: at most ``concurrency`` requests in flight. A batch shares one limit across
  its worker processes (``share_limit`` in each worker, with a multiprocessing semaphore);
- constrained output: ``json_schema`` first; an endpoint that rejects it is asked in JSON mode
  (``json_object``) from then on.
Errors that retrying cannot fix (no key, bad key, quota exhausted, endpoint unreachable, unknown
model) raise ``ModelError`` with ``fatal`` set, so the stage stops sending instead of hammering.
"""

from __future__ import annotations

import email.utils
import socket
import threading
import time
from dataclasses import dataclass

import openai
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from reviewer.llm.answer import response_format
from reviewer.llm.config import ModelConfig

_shared_limit = None   # set in batch workers: one semaphore for every process of the batch


def share_limit(semaphore) -> None:
    """Called in each batch worker (Pool initializer) with the batch's semaphore."""
    global _shared_limit
    _shared_limit = semaphore


class ModelError(Exception):
    def __init__(self, message: str, fatal: bool = False):
        super().__init__(message)
        self.fatal = fatal


@dataclass
class Reply:
    content: str | None
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    duration_s: float
    attempts: int
    request: dict


def _retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``Retry-After``."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    if headers.get("retry-after-ms"):
        try:
            return float(headers["retry-after-ms"]) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        moment = email.utils.parsedate_to_datetime(value) if email.utils.parsedate(value) else None
        return max(0.0, moment.timestamp() - time.time()) if moment else None


def _quota_exhausted(exc: BaseException) -> bool:
    return isinstance(exc, openai.RateLimitError) and "insufficient_quota" in f"{getattr(exc, 'code', '')} {exc}"


def _no_connection(exc: BaseException) -> bool:
    """No connection could be made at all (refused, DNS failure), as opposed to one that dropped. Told
    by the operating system's error under the HTTP library's, whichever library the SDK uses."""
    cause = exc.__cause__ or exc.__context__
    for _ in range(10):
        if cause is None:
            return False
        if isinstance(cause, (ConnectionRefusedError, socket.gaierror)):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APITimeoutError):
        return True
    if isinstance(exc, openai.APIConnectionError):
        return not _no_connection(exc)
    if isinstance(exc, openai.RateLimitError):
        return not _quota_exhausted(exc)
    return isinstance(exc, openai.APIStatusError) and (exc.status_code >= 500 or exc.status_code == 408)


def describe(exc: BaseException, base_url: str) -> ModelError:
    """What went wrong, in one line, and whether sending more requests could help."""
    if isinstance(exc, openai.APITimeoutError):
        return ModelError(f"request timed out ({base_url})")
    if isinstance(exc, openai.APIConnectionError):
        return ModelError(f"endpoint unreachable ({base_url}): {exc.__cause__ or exc}", fatal=True)
    if _quota_exhausted(exc):
        return ModelError(f"quota exhausted at {base_url} (HTTP 429 insufficient_quota)", fatal=True)
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return ModelError(f"the endpoint refused the API key (HTTP {exc.status_code})", fatal=True)
    if isinstance(exc, openai.NotFoundError):
        return ModelError(f"HTTP 404 from {base_url}: unknown model or wrong base URL", fatal=True)
    if isinstance(exc, openai.APIStatusError):
        return ModelError(f"HTTP {exc.status_code} from {base_url}: {str(exc)[:200]}")
    return ModelError(f"{type(exc).__name__}: {exc}")


class LLMClient:
    def __init__(self, config: ModelConfig, limit=None, sleep=time.sleep):
        if not config.api_key:
            raise ModelError("OPENAI_API_KEY is not set (any non-empty value for a local server)", fatal=True)
        self.config = config
        self.limit = limit or _shared_limit or threading.BoundedSemaphore(max(1, config.concurrency))
        self.format = config.response_format
        self.token_param = "max_tokens"
        self._sleep = sleep
        self._sdk = openai.OpenAI(base_url=config.base_url, api_key=config.api_key, timeout=config.timeout_s,
                                  max_retries=0)

    def _wait(self, state: RetryCallState) -> float:
        asked = _retry_after(state.outcome.exception())
        if asked is not None:
            return min(asked, self.config.max_retry_wait_s)
        return wait_exponential_jitter(multiplier=0.5, max=min(30.0, self.config.max_retry_wait_s), jitter=0.5)(state)

    def complete(self, messages: list[dict]) -> Reply:
        """One answer; transient failures retried, then ``ModelError``."""
        started = time.perf_counter()
        retrying = Retrying(stop=stop_after_attempt(self.config.max_retries + 1), wait=self._wait,
                            retry=retry_if_exception(_transient), sleep=self._sleep, reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    reply = self._once(messages)
                    reply.attempts = attempt.retry_state.attempt_number
        except openai.OpenAIError as exc:
            raise describe(exc, self.config.base_url) from exc
        reply.duration_s = time.perf_counter() - started
        return reply

    def _request(self, messages: list[dict]) -> dict:
        return {"model": self.config.model, "messages": messages, "temperature": self.config.temperature,
                self.token_param: self.config.max_tokens, "response_format": response_format(self.format)}

    def _once(self, messages: list[dict]) -> Reply:
        request = self._request(messages)
        with self.limit:
            try:
                response = self._sdk.chat.completions.create(**request)
            except openai.BadRequestError as exc:
                if not self._adapt(exc):
                    raise
                request = self._request(messages)
                response = self._sdk.chat.completions.create(**request)
        choice = response.choices[0] if response.choices else None
        usage = response.usage
        return Reply(content=choice.message.content if choice else None,
                     finish_reason=choice.finish_reason if choice else None,
                     prompt_tokens=usage.prompt_tokens if usage else 0,
                     completion_tokens=usage.completion_tokens if usage else 0,
                     duration_s=0.0, attempts=1, request={k: v for k, v in request.items() if k != "messages"})

    def _adapt(self, exc: openai.BadRequestError) -> bool:
        """An endpoint that rejects a parameter we can do without: switch, and say whether to resend."""
        text = str(exc).lower()
        if self.format == "json_schema" and ("response_format" in text or "json_schema" in text):
            self.format = "json_object"
            return True
        if self.token_param == "max_tokens" and "max_completion_tokens" in text:
            self.token_param = "max_completion_tokens"
            return True
        return False
