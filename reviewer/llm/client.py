"""One chat completion against any OpenAI-compatible endpoint, with the manners a shared API needs.

- a deadline on every request (``timeout_s``, connect to last byte, and never past the deadline the
  caller gives): the SDK's timeouts count per read, so a server that trickles a byte at a time would
  hold a request forever. The call runs in a thread the caller stops waiting for at the deadline,
  and its response body is cut there (an httpx response hook), so the abandoned call ends too;
- the SDK's own retries are off, tenacity does them: 429, 5xx, 408, timeouts and dropped
  connections are retried with exponential backoff and jitter (a connection refused or a host name
  that does not resolve is not: no wait makes it answer), waiting exactly as long as ``Retry-After``
  (or ``retry-after-ms``) asks when the server says. A timeout is retried once: a second one means
  the endpoint is too slow or hanging, and is fatal;
- every attempt is reported with its outcome and duration (``Reply.failed_attempts``,
  ``ModelError.attempts``) for the audit log;
- a concurrency limit: at most ``concurrency`` requests in flight. A batch shares one limit across
  its worker processes (``share_limit`` in each worker, with a multiprocessing semaphore);
- constrained output: ``json_schema`` first; an endpoint that rejects it is asked in JSON mode
  (``json_object``) from then on, and one that rejects ``max_tokens`` gets ``max_completion_tokens``.
  The switch is decided from the request that was rejected, under a lock: requests already in flight
  with the old parameter are resent with the new one, never lost;
- a refusal (the message's ``refusal`` field) is returned as such, not as an empty answer.
Errors that retrying cannot fix (no key, bad key, quota exhausted, endpoint unreachable, unknown
model) raise ``ModelError`` with ``fatal`` set, so the stage stops sending instead of hammering.
"""

from __future__ import annotations

import email.utils
import importlib
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

import openai
from tenacity import RetryCallState, Retrying, retry_if_exception, wait_exponential_jitter

from reviewer.llm.answer import response_format
from reviewer.llm.config import ModelConfig

_SWITCHES = 2          # parameters an endpoint may reject and we can replace: response_format, max_tokens
_shared_limit = None   # set in batch workers: one semaphore for every process of the batch


def share_limit(semaphore) -> None:
    """Called in each batch worker (Pool initializer) with the batch's semaphore."""
    global _shared_limit
    _shared_limit = semaphore


@dataclass
class Attempt:
    """A request that failed: why, how long it took, and whether it ran out of time."""

    error: str
    duration_s: float
    timed_out: bool = False


class ModelError(Exception):
    def __init__(self, message: str, fatal: bool = False, attempts: list[Attempt] | None = None):
        super().__init__(message)
        self.fatal = fatal
        self.attempts = attempts or []


class DeadlineExceeded(Exception):
    """A request still unanswered at its deadline: given up, whatever the connection is doing."""


class CallerDeadline(Exception):
    """The caller's own deadline came first (the model stage's share of the report's time): not the
    endpoint's fault, so neither retried nor held against it."""


class NotJSON(Exception):
    """An HTTP 200 whose body is not the JSON of a chat completion (a proxy's page, a broken server)."""


@dataclass
class Reply:
    content: str | None
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    duration_s: float
    attempts: int
    request: dict
    failed_attempts: list[Attempt] = field(default_factory=list)   # the attempts before the answer
    refusal: str | None = None        # the model declined to answer, in its words


_deadline = threading.local()   # the deadline of the request the current thread is sending


def _cut_body_at_deadline(response) -> None:
    """httpx response hook: the body stops at the request's deadline, however slowly it arrives."""
    deadline = getattr(_deadline, "at", None)
    if deadline is not None:
        response.stream = _bounded_stream(response, deadline)


def _bounded_stream(response, deadline: float):
    """The response's byte stream, raising the HTTP library's ReadTimeout once past ``deadline``. Built
    on the library the SDK uses (httpx, or httpx2 in newer SDKs): the SDK maps its timeouts."""
    http = importlib.import_module(type(response).__module__.split(".")[0])
    inner = response.stream

    class Bounded(http.SyncByteStream):
        def __iter__(self):
            for chunk in inner:
                if time.monotonic() > deadline:
                    raise http.ReadTimeout("the response was still arriving at the request's deadline",
                                           request=response.request)
                yield chunk

        def close(self):
            inner.close()

    return Bounded()


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


def _timed_out(exc: BaseException | None) -> bool:
    return isinstance(exc, (openai.APITimeoutError, DeadlineExceeded))


def _transient(exc: BaseException) -> bool:
    if _timed_out(exc):
        return True
    if isinstance(exc, openai.APIConnectionError):
        return not _no_connection(exc)
    if isinstance(exc, openai.RateLimitError):
        return not _quota_exhausted(exc)
    return isinstance(exc, openai.APIStatusError) and (exc.status_code >= 500 or exc.status_code == 408)


def describe(exc: BaseException, base_url: str, timeout_s: float) -> ModelError:
    """What went wrong, in one line, and whether sending more requests could help."""
    if _timed_out(exc):
        return ModelError(f"no answer within the {timeout_s:g} s deadline ({base_url})")
    if isinstance(exc, CallerDeadline):
        return ModelError("stopped at the caller's deadline (the model stage's share of the report's time)")
    if isinstance(exc, NotJSON):
        return ModelError(f"the endpoint's answer is not JSON ({base_url}): {exc}")
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


def chat_request(config: ModelConfig, messages: list[dict], fmt: str | None = None,
                 token_param: str = "max_tokens", max_tokens: int | None = None, schema: dict | None = None) -> dict:
    """The body of a chat completion request for these messages, as sent live and as written into a
    batch request file (reviewer.llm.batch_api). ``max_tokens``: this request's completion limit
    (default the configuration's, which is per answer: the model stage asks n times as many for a
    request of n claims, ``ModelStage.max_tokens_for``); ``schema``: the answer schema of this request
    (one key per claim, ``answer.answer_schema(ids)``), sent when the format is ``json_schema``."""
    return {"model": config.model, "messages": messages, "temperature": config.temperature,
            token_param: max_tokens or config.max_tokens,
            "response_format": response_format(fmt or config.response_format, schema)}


class LLMClient:
    def __init__(self, config: ModelConfig, limit=None, sleep=time.sleep):
        if not config.api_key:
            raise ModelError("OPENAI_API_KEY is not set (any non-empty value for a local server)", fatal=True)
        self.config = config
        self.limit = limit or _shared_limit or threading.BoundedSemaphore(max(1, config.concurrency))
        self.format = config.response_format
        self.token_param = "max_tokens"
        self._switch_lock = threading.Lock()
        self._sleep = sleep
        http_client = openai.DefaultHttpxClient(timeout=config.timeout_s,
                                                event_hooks={"response": [_cut_body_at_deadline]})
        self._sdk = openai.OpenAI(base_url=config.base_url, api_key=config.api_key, timeout=config.timeout_s,
                                  max_retries=0, http_client=http_client)
        # calls the caller stopped waiting for end at their deadline; a few extra threads for those
        self._calls = ThreadPoolExecutor(max_workers=2 * max(1, config.concurrency) + 2,
                                         thread_name_prefix="model-request")

    def _wait(self, state: RetryCallState) -> float:
        asked = _retry_after(state.outcome.exception())
        if asked is not None:
            return min(asked, self.config.max_retry_wait_s)
        return wait_exponential_jitter(multiplier=0.5, max=min(30.0, self.config.max_retry_wait_s), jitter=0.5)(state)

    def complete(self, messages: list[dict], deadline: float | None = None, max_tokens: int | None = None,
                 schema: dict | None = None) -> Reply:
        """One answer; transient failures retried, then ``ModelError``. ``deadline`` (time.monotonic):
        no attempt runs past it; ``max_tokens`` and ``schema``: this request's (see chat_request). A
        second timeout ends the retries and is fatal: waiting longer does not make an endpoint that
        timed out twice answer."""
        started = time.perf_counter()
        failed: list[Attempt] = []

        def stop(state: RetryCallState) -> bool:
            return state.attempt_number > self.config.max_retries or sum(a.timed_out for a in failed) >= 2

        retrying = Retrying(stop=stop, wait=self._wait, retry=retry_if_exception(_transient), sleep=self._sleep,
                            reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    reply = self._attempt(messages, deadline, failed, (max_tokens, schema))
                    reply.attempts = attempt.retry_state.attempt_number
        except (openai.OpenAIError, DeadlineExceeded, CallerDeadline, NotJSON) as exc:
            error = describe(exc, self.config.base_url, self.config.timeout_s)
            if sum(a.timed_out for a in failed) >= 2:
                error = ModelError(f"{error}, twice: the endpoint is too slow or hanging; no more questions sent",
                                   fatal=True)
            error.attempts = failed
            raise error from exc
        reply.duration_s = time.perf_counter() - started
        reply.failed_attempts = failed
        return reply

    def _attempt(self, messages: list[dict], deadline: float | None, failed: list[Attempt],
                 shape: tuple = (None, None)) -> Reply:
        """One request within its deadline (``timeout_s``, or the caller's when that comes first); a
        failure is recorded in ``failed`` and raised."""
        started = time.perf_counter()
        until = time.monotonic() + self.config.timeout_s
        cut_short = deadline is not None and deadline < until
        try:
            return self._once(messages, deadline if cut_short else until, shape)
        except Exception as exc:
            if cut_short and _timed_out(exc):
                exc = CallerDeadline()
            failed.append(Attempt(str(describe(exc, self.config.base_url, self.config.timeout_s)),
                                  time.perf_counter() - started, _timed_out(exc)))
            raise exc

    def _request(self, messages: list[dict], shape: tuple = (None, None)) -> dict:
        """``shape``: (max_tokens, schema) of this request, None for the configuration's."""
        return chat_request(self.config, messages, self.format, self.token_param, *shape)

    def _once(self, messages: list[dict], until: float, shape: tuple = (None, None)) -> Reply:
        with self.limit:
            call = self._calls.submit(self._send, messages, until, shape)
            try:
                request, response = call.result(timeout=max(0.0, until - time.monotonic()))
            except FutureTimeout:
                raise DeadlineExceeded(f"no answer by the deadline ({self.config.timeout_s:g} s)") from None
        choice = response.choices[0] if response.choices else None
        usage = response.usage
        return Reply(content=choice.message.content if choice else None,
                     refusal=getattr(choice.message, "refusal", None) if choice else None,
                     finish_reason=choice.finish_reason if choice else None,
                     prompt_tokens=usage.prompt_tokens if usage else 0,
                     completion_tokens=usage.completion_tokens if usage else 0,
                     duration_s=0.0, attempts=1, request={k: v for k, v in request.items() if k != "messages"})

    def _send(self, messages: list[dict], until: float, shape: tuple = (None, None)):
        """In a request thread: the request and the SDK's response, within the deadline ``until``."""
        _deadline.at = until
        try:
            request = self._request(messages, shape)
            for _ in range(_SWITCHES):
                try:
                    return request, self._create(request, until)
                except openai.BadRequestError as exc:
                    if not self._adapt(exc, request):
                        raise
                    request = self._request(messages, shape)
            return request, self._create(request, until)
        finally:
            _deadline.at = None

    def _create(self, request: dict, until: float):
        remaining = until - time.monotonic()
        if remaining <= 0:
            raise DeadlineExceeded("no time left before the deadline")
        try:
            return self._sdk.chat.completions.create(**request, timeout=remaining)
        except ValueError as exc:   # the SDK could not decode the body as JSON
            raise NotJSON(str(exc)[:200]) from None

    def _adapt(self, exc: openai.BadRequestError, sent: dict) -> bool:
        """An endpoint that rejected a parameter we can do without: switch, and say whether to resend.
        Judged by the request that was rejected, not by the current setting, so a request sent before
        another thread switched is resent too."""
        text = str(exc).lower()
        with self._switch_lock:
            if sent["response_format"]["type"] == "json_schema" and ("response_format" in text or "json_schema" in text):
                self.format = "json_object"
                return True
            if "max_tokens" in sent and "max_completion_tokens" in text:
                self.token_param = "max_completion_tokens"
                return True
        return False
