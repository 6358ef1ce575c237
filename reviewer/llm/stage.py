"""The model stage for one document: claim packs → cache or model → validated answers → verified findings.

It never raises and never touches a rule finding except to raise one it duplicates (see verify.merge).
A stage that cannot even start (prompts missing, cache unopenable, configuration broken) is an
``UnavailableStage``: the review still runs and its memo says why the model was not asked.
Whatever goes wrong (no key, endpoint down, quota, malformed answers) ends up in ``errors`` and in
``llm_status``: "complete" when every pack was answered, "partial" when some were, "failed" when none,
"skipped" (with a note saying so) when the report gave the model nothing to ask. A refusal is a
failed question recorded as a refusal (``llm.refused``, log status "refused"), not an empty answer.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from reviewer.facts import DocumentFacts
from reviewer.findings import ErrorNote, Finding
from reviewer.llm.answer import Answer, AnswerError, answer_schema, parse_answer
from reviewer.limits import limits
from reviewer.llm.cache import LogEntry, Store, cache_key
from reviewer.llm.client import Attempt, LLMClient, ModelError, Reply
from reviewer.llm.config import ModelConfig
from reviewer.llm.packs import ClaimPack, PackPlan, build_plan
from reviewer.llm.prompts import PromptError, PromptSet, load_prompts
from reviewer.llm.tokens import TokenCounter
from reviewer.llm.verify import DocumentIndex, merge, to_finding

_FEEDBACK = "你上一个回答不符合要求：{error}\n请重新回答同一个问题，只输出一个符合字段要求的 JSON 对象。"
# What verification found wrong with an answer, told back to the model once (see ModelStage._reask).
_QUOTE_FEEDBACK = ("你摘抄的 quote 在材料中找不到。quote 必须从 <<<材料>>> 中逐字摘抄（可以摘得更短）。"
                   "请重新回答同一个问题，只输出一个 JSON 对象。")
_VERIFY_FEEDBACK = {
    "quote_not_in_document": _QUOTE_FEEDBACK,
    "quote_not_in_material": _QUOTE_FEEDBACK,
    "number_not_in_material": ("你引用的数字在材料中找不到，也不能由材料中的数字直接算出。numbers 和 explanation "
                               "只能使用材料中的数字。请重新回答同一个问题，只输出一个 JSON 对象。"),
}
# The model stage's share of a report's time limit (REVIEWER_REPORT_TIMEOUT_S): past it no question is
# sent, so a slow endpoint costs the model's findings, never the report's rule findings.
_SHARE_OF_REPORT_TIME = 0.8


@dataclass
class Outcome:
    """One pack's fate."""

    pack: ClaimPack
    answer: Answer | None = None
    error: str | None = None
    cached: bool = False
    refused: bool = False
    reask_prompt_tokens: int | None = None    # set when verification asked once more (its share of the tokens)
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class StageResult:
    findings: list[Finding]                      # model findings to add (verified, not duplicates)
    run: dict                                    # the memo's run fields for an online review
    errors: list[ErrorNote] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)


_NOTHING_TO_ASK = "模型阶段：本报告中没有找到可交给模型判断的陈述，未发送任何问题；叙述的语义一致性未经模型阅读"
_NOT_STARTED_NOTE = "模型阶段未能启动：叙述与表格的语义一致性未检查（原因见运行问题）"


def _time_up() -> str:
    return (f"模型阶段已用完其时限（报告时限 {limits().report_timeout_s} s 的 {_SHARE_OF_REPORT_TIME:.0%}，"
            "REVIEWER_REPORT_TIMEOUT_S），其余问题未再发送")


def start_stage(config: ModelConfig, limit=None) -> ModelStage | UnavailableStage:
    """The model stage for these settings, or, where it cannot start, one that says why in every memo."""
    try:
        return ModelStage(config, Store(config.cache_path, read_cache=config.use_cache), limit=limit)
    except PromptError as exc:
        return UnavailableStage(config.model, config.base_url, f"prompts: {exc}")
    except (OSError, sqlite3.Error) as exc:
        return UnavailableStage(config.model, config.base_url,
                                f"cannot open the model cache {config.cache_path}: {getattr(exc, 'strerror', None) or exc}")


@dataclass
class UnavailableStage:
    """Stands in for a model stage that could not start: the memo is the offline one, marked failed."""

    model: str | None
    base_url: str | None
    reason: str

    def run(self, facts: DocumentFacts, rule_findings: list[Finding]) -> StageResult:
        run = {"offline": False, "model": self.model, "prompt_version": None, "tokens": {"prompt": 0, "completion": 0},
               "llm_status": "failed", "base_url": self.base_url,
               "llm": {"questions": 0, "sent": 0, "cached": 0, "answered": 0, "failed": 0, "refused": 0, "reasked": 0,
                       "reasked_prompt_tokens": 0, "not_sent": 0,
                       "estimated_prompt_tokens": 0, "verdicts": {}, "kept": 0, "merged_into_rule_findings": 0,
                       "dropped": {}, "elapsed_s": 0.0}}
        return StageResult([], run, [ErrorNote(stage="model", message=self.reason)], [_NOT_STARTED_NOTE])


class ModelStage:
    def __init__(self, config: ModelConfig, store: Store | None = None, limit=None, client: LLMClient | None = None):
        self.config = config
        self.prompts: PromptSet = load_prompts()
        self.counter = TokenCounter(config.model)
        self.store = store
        self._limit = limit
        self._client = client
        self._client_lock = threading.Lock()
        self._fatal: str | None = None   # an error no retry can fix: nothing more is sent by this stage

    # planning --------------------------------------------------------------------------------
    def plan(self, facts: DocumentFacts, rule_findings: list[Finding]) -> PackPlan:
        return build_plan(facts, rule_findings, self.prompts, self.counter, self.config.pack_tokens,
                          self.config.report_tokens)

    @property
    def request_settings(self) -> dict:
        """What shapes an answer besides the messages: part of each pack's hash."""
        c = self.config
        return {"temperature": c.temperature, "max_tokens": c.max_tokens, "response_format": c.response_format,
                "schema": answer_schema()}

    # running ---------------------------------------------------------------------------------
    def run(self, facts: DocumentFacts, rule_findings: list[Finding]) -> StageResult:
        """Never raises: a bug here costs the model's findings, never the memo or a rule finding."""
        started = time.perf_counter()
        try:
            return self._run(facts, rule_findings, started)
        except Exception as exc:
            empty = PackPlan([], [])
            result = self._result(empty, [], [], 0, Counter(), Counter(), time.perf_counter() - started)
            result.run["llm_status"] = "failed"
            result.errors.append(ErrorNote(stage="model", message=f"{type(exc).__name__}: {exc}"))
            result.not_checked.append("模型阶段出错：叙述与表格的语义一致性未检查（原因见运行问题）")
            return result

    def _run(self, facts: DocumentFacts, rule_findings: list[Finding], started: float) -> StageResult:
        self._deadline = time.monotonic() + _SHARE_OF_REPORT_TIME * limits().report_timeout_s
        plan = self.plan(facts, rule_findings)
        workers = max(1, min(self.config.concurrency, len(plan.packs)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(lambda p: self._ask(p, facts.document.path), plan.packs))
        index = DocumentIndex(facts.document)
        proposed, dropped, verdicts = [], Counter(), Counter()
        for outcome in outcomes:
            if outcome.answer is None:
                continue
            verdicts[outcome.answer.verdict] += 1
            if outcome.answer.verdict != "inconsistent":
                continue
            finding, reason = to_finding(outcome.answer, outcome.pack, index)
            if finding is None and reason in _VERIFY_FEEDBACK:
                finding, reason = self._reask(outcome, reason, index, facts.document.path)
            if finding is None:
                dropped[reason] += 1
            else:
                proposed.append((finding, outcome.pack))
        added, merged = merge(rule_findings, proposed)
        return self._result(plan, outcomes, added, merged, dropped, verdicts, time.perf_counter() - started)

    def _reask(self, outcome: Outcome, reason: str, index: DocumentIndex, document: str):
        """Once more, with the reason verification gave: a right judgement with a careless quote or
        figure deserves one correction. The follow-up is cached like any question, so a re-run costs
        nothing. Returns (finding, None) or (None, why it was dropped)."""
        answer = outcome.answer
        follow_up = outcome.pack.messages + [
            {"role": "assistant", "content": answer.model_dump_json()},
            {"role": "user", "content": _VERIFY_FEEDBACK[reason]}]
        again = self._ask(outcome.pack, document, follow_up)
        outcome.prompt_tokens += again.prompt_tokens
        outcome.completion_tokens += again.completion_tokens
        outcome.reask_prompt_tokens = again.prompt_tokens
        if again.answer is None or again.answer.verdict != "inconsistent":
            return None, reason
        return to_finding(again.answer, outcome.pack, index)

    def _client_or_fatal(self) -> LLMClient | None:
        with self._client_lock:
            if self._client is None and self._fatal is None:
                try:
                    self._client = LLMClient(self.config, self._limit)
                except ModelError as exc:
                    self._fatal = str(exc)
            return self._client

    def _ask(self, pack: ClaimPack, document: str, conversation: list[dict] | None = None) -> Outcome:
        """The pack's question (or a follow-up ``conversation`` about it), from the cache or the model."""
        conversation = conversation or pack.messages
        pack_hash = pack.digest(self.request_settings, conversation)
        key = cache_key(self.config.base_url, self.config.model, self.prompts.cache_version, pack_hash)
        entry = dict(document=document, kind=pack.kind, line=pack.anchor.line, base_url=self.config.base_url,
                     model=self.config.model, prompt_version=self.prompts.cache_version, pack_hash=pack_hash)
        cached = self.store.get(key) if self.store else None
        if cached is not None:
            try:
                remembered = parse_answer(cached.content, "stop")
            except AnswerError:   # written by a version with another answer model: ask again
                remembered = None
            if remembered is not None:
                self._log(entry, {"messages": conversation}, cached.content, "stop", "cached", None, 0, 0, 0.0, True)
                return Outcome(pack, remembered, cached=True)
        outcome = Outcome(pack)
        messages = list(conversation)
        for attempt in (1, 2):   # the second attempt carries the first one's error back to the model
            client = self._client_or_fatal()
            if client is None or self._fatal:
                outcome.error = self._fatal
                return outcome
            if time.monotonic() >= self._deadline:
                outcome.error = _time_up()
                return outcome
            try:
                reply = client.complete(messages, deadline=self._deadline)
            except ModelError as exc:
                if exc.fatal:
                    self._fatal = str(exc)
                self._log_attempts(entry, messages, exc.attempts or [Attempt(str(exc), 0.0)])
                outcome.error = _time_up() if time.monotonic() >= self._deadline else str(exc)
                return outcome
            self._log_attempts(entry, messages, reply.failed_attempts)
            outcome.prompt_tokens += reply.prompt_tokens
            outcome.completion_tokens += reply.completion_tokens
            if reply.refusal:   # asked again it would decline again: recorded as what it is
                self._log_reply(entry, messages, reply, "refused", reply.refusal)
                outcome.error, outcome.refused = f"the model refused to answer: {reply.refusal[:120]}", True
                return outcome
            try:
                outcome.answer = parse_answer(reply.content, reply.finish_reason)
            except AnswerError as exc:
                self._log_reply(entry, messages, reply, "invalid", str(exc))
                outcome.error = f"invalid answer after {attempt} attempt(s): {exc}"
                messages = messages + [{"role": "assistant", "content": reply.content or ""},
                                       {"role": "user", "content": _FEEDBACK.format(error=exc)}]
                continue
            self._log_reply(entry, messages, reply, "ok", None)
            if self.store:
                self.store.put(key, self.config.base_url, self.config.model, self.prompts.cache_version, pack_hash,
                               outcome.answer.model_dump_json(), reply.prompt_tokens, reply.completion_tokens)
            outcome.error = None
            return outcome
        return outcome

    def _log_attempts(self, entry: dict, messages: list[dict], attempts: list[Attempt]) -> None:
        """Each failed request on its own log line, with its duration: retries are never invisible."""
        for failed in attempts:
            self._log(entry, {"messages": messages}, None, None, "error", failed.error, 0, 0, failed.duration_s, False)

    def _log_reply(self, entry: dict, messages: list[dict], reply: Reply, status: str, error: str | None) -> None:
        self._log(entry, {**reply.request, "messages": messages}, reply.content, reply.finish_reason, status, error,
                  reply.prompt_tokens, reply.completion_tokens, reply.duration_s, False)

    def _log(self, entry: dict, request: dict, response, finish, status, error, p_tokens, c_tokens, seconds,
             cached) -> None:
        if self.store is None:
            return
        self.store.log(LogEntry(**entry, request=request, response=response, finish_reason=finish, status=status,
                                error=error, prompt_tokens=p_tokens, completion_tokens=c_tokens, duration_s=seconds,
                                cached=cached))

    # reporting -------------------------------------------------------------------------------
    def _result(self, plan: PackPlan, outcomes: list[Outcome], added: list[Finding], merged: int,
                dropped: Counter, verdicts: Counter, seconds: float) -> StageResult:
        answered = [o for o in outcomes if o.answer is not None]
        failed = [o for o in outcomes if o.answer is None]
        total = len(plan.packs) + len(plan.unsent)
        if total == 0:
            status = "skipped"    # nothing was read by the model: not a complete reading
        elif not failed and not plan.unsent:
            status = "complete"
        elif answered:
            status = "partial"
        else:
            status = "failed"
        errors = [ErrorNote(stage="model", message=f"{message}（{count} 个问题）")
                  for message, count in Counter(o.error for o in failed).items()]
        notes = [] if total else [_NOTHING_TO_ASK]
        if plan.unsent:
            where = "；".join(f"{u.pack.label}（{u.reason}）" for u in plan.unsent[:10])
            more = f" 等 {len(plan.unsent)} 个" if len(plan.unsent) > 10 else ""
            notes.append(f"模型阶段：{len(plan.unsent)} 个问题未发送：{where}{more}")
        if failed:
            notes.append(f"模型阶段：{len(failed)}/{total} 个问题未得到有效回答，相应的语义一致性未检查（原因见运行问题）")
        run = {
            "offline": False, "model": self.config.model, "prompt_version": self.prompts.version,
            "tokens": {"prompt": sum(o.prompt_tokens for o in outcomes),
                       "completion": sum(o.completion_tokens for o in outcomes)},
            "llm_status": status,
            "base_url": self.config.base_url,
            "llm": {"questions": total, "sent": len(plan.packs) - sum(o.cached for o in outcomes),
                    "cached": sum(o.cached for o in outcomes), "answered": len(answered), "failed": len(failed),
                    "refused": sum(o.refused for o in outcomes),
                    "reasked": sum(o.reask_prompt_tokens is not None for o in outcomes),
                    "reasked_prompt_tokens": sum(o.reask_prompt_tokens or 0 for o in outcomes),
                    "not_sent": len(plan.unsent), "estimated_prompt_tokens": plan.tokens,
                    "verdicts": dict(verdicts), "kept": len(added), "merged_into_rule_findings": merged,
                    "dropped": dict(dropped), "elapsed_s": round(seconds, 3)},
        }
        return StageResult(added, run, errors, notes)
