"""The model stage for one document: claim packs → cache or model → validated answers → verified findings.

It never raises and never touches a rule finding except to raise one it duplicates (see verify.merge).
A stage that cannot even start (prompts missing, cache unopenable, configuration broken) is an
``UnavailableStage``: the review still runs and its memo says why the model was not asked.
Whatever goes wrong (no key, endpoint down, quota, malformed answers) ends up in ``errors`` and in
``llm_status``: "complete" when every pack was answered, "partial" when some were, "failed" when none,
"skipped" (with a note saying so) when the report gave the model nothing to ask. A refusal is a
failed question recorded as a refusal (``llm.refused``, log status "refused"), not an empty answer.

The plan groups claims into requests (see packs.py); one request is one cache entry and one reply,
whose answers are tied back to the claims by id. A claim its reply leaves out is asked once more in
the one retry a request gets; one still left out is a failed question. For a caller that sends the
requests some other way (a batch API), ``plan``, ``settings_for`` and ``cache_key_for`` are what the
stage itself uses.
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
from reviewer.llm.answer import Answer, AnswerError, answer_schema, answers_json, parse_answers
from reviewer.limits import limits
from reviewer.llm.cache import LogEntry, Store, cache_key
from reviewer.llm.client import Attempt, LLMClient, ModelError, Reply
from reviewer.llm.config import ModelConfig
from reviewer.llm.packs import ClaimPack, PackPlan, Request, build_plan
from reviewer.llm.prompts import PromptError, PromptSet, load_prompts
from reviewer.llm.tokens import TokenCounter
from reviewer.llm.verify import DocumentIndex, merge, to_finding

_FEEDBACK = "你上一个回答不符合要求：{error}\n请重新回答同样的问题，只输出一个符合字段要求的 JSON 对象。"
_MISSING_FEEDBACK = "你上一个回答漏掉了问题 {ids}。请重新回答全部问题（{all}），每个问题一个回答，只输出一个 JSON 对象。"
# What verification found wrong with an answer, told back to the model once (see ModelStage._reask).
_QUOTE_FEEDBACK = "问题 {id}：你摘抄的 quote 在该问题的材料中找不到。quote 必须从该问题的 <<<材料>>> 中逐字摘抄（可以摘得更短）。"
# What the cache keeps for a follow-up the model answered invalidly twice: the same memo, at no cost, on a re-run.
_NO_ANSWER = "{}"

_VERIFY_FEEDBACK = {
    "quote_not_in_document": _QUOTE_FEEDBACK,
    "quote_not_in_material": _QUOTE_FEEDBACK,
    "number_not_in_material": ("问题 {id}：你引用的数字在材料中找不到，也不能由材料中的数字直接算出。numbers 和 "
                               "explanation 只能使用材料中的数字。"),
}
_REASK_END = "\n请只重新回答上面这些问题（{ids}），只输出一个以问题编号为键的 JSON 对象。"
# The model stage's share of a report's time limit (REVIEWER_REPORT_TIMEOUT_S): past it no question is
# sent, so a slow endpoint costs the model's findings, never the report's rule findings.
_SHARE_OF_REPORT_TIME = 0.8


@dataclass
class Outcome:
    """One claim's fate."""

    pack: ClaimPack
    answer: Answer | None = None
    answers: list[Answer] = field(default_factory=list)    # a section review may report several
    error: str | None = None
    cached: bool = False
    refused: bool = False


@dataclass
class RequestOutcome:
    """One request's fate: its answers by claim id, and what it cost."""

    request: Request
    answers: dict[str, list[Answer]] = field(default_factory=dict)
    error: str | None = None
    cached: bool = False
    refused: bool = False
    reask_prompt_tokens: int | None = None    # set when verification asked once more (its share of the tokens)
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def outcomes(self) -> list[Outcome]:
        found = []
        for pack in self.request.packs:
            answers = self.answers.get(pack.id, [])
            error = None if answers else (self.error or f"no answer for {pack.id} in the model's reply")
            found.append(Outcome(pack, answers[0] if answers else None, answers, error, self.cached, self.refused))
        return found


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
               "llm": {"questions": 0, "requests": 0, "sent": 0, "cached": 0, "answered": 0, "failed": 0, "refused": 0, "reasked": 0,
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
                          self.config.report_tokens, schema=self.config.response_format == "json_schema")

    @property
    def request_settings(self) -> dict:
        """What shapes an answer besides the messages, for a one-claim request."""
        c = self.config
        return {"temperature": c.temperature, "max_tokens": c.max_tokens, "response_format": c.response_format,
                "schema": answer_schema()}

    def max_tokens_for(self, request: Request) -> int:
        """``max_tokens`` is per answer: a request of n claims may take n times as many."""
        return self.config.max_tokens * len(request.packs)

    def settings_for(self, request: Request) -> dict:
        """What shapes a request's answer besides its messages: part of its hash."""
        return {**self.request_settings, "max_tokens": self.max_tokens_for(request),
                "schema": answer_schema(request.ids)}

    def cache_key_for(self, request: Request, conversation: list[dict] | None = None) -> tuple[str, str]:
        """(cache key, request hash) of a request, or of a follow-up ``conversation`` about it."""
        digest = request.digest(self.settings_for(request), conversation)
        return cache_key(self.config.base_url, self.config.model, self.prompts.cache_version, digest), digest

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
        workers = max(1, min(self.config.concurrency, len(plan.requests)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda r: self._ask(r, facts.document.path), plan.requests))
        index = DocumentIndex(facts.document)
        proposed, dropped, verdicts = [], Counter(), Counter()
        for result in results:
            failing: dict[str, str] = {}
            for outcome in result.outcomes():
                for answer in outcome.answers:
                    verdicts[answer.verdict] += 1
                    if answer.verdict != "inconsistent":
                        continue
                    finding, reason = to_finding(answer, outcome.pack, index)
                    if finding is None and reason in _VERIFY_FEEDBACK and outcome.pack.id not in failing:
                        failing[outcome.pack.id] = reason
                    elif finding is None:
                        dropped[reason] += 1
                    else:
                        proposed.append((finding, outcome.pack))
            if failing:
                for finding, pack, reason in self._reask(result, failing, index, facts.document.path):
                    if finding is None:
                        dropped[reason] += 1
                    else:
                        proposed.append((finding, pack))
        added, merged = merge(rule_findings, proposed)
        return self._result(plan, results, added, merged, dropped, verdicts, time.perf_counter() - started)

    def _reask(self, result: RequestOutcome, failing: dict[str, str], index: DocumentIndex, document: str):
        """Once more, with the reasons verification gave, for the claims of one request whose
        "inconsistent" answer failed it: a right judgement with a careless quote or figure deserves one
        correction. The follow-up is cached like any request, so a re-run costs nothing. Yields
        (finding, pack, None) or (None, pack, why it was dropped) for each claim asked again."""
        request = result.request
        ids = list(failing)
        feedback = "\n".join(_VERIFY_FEEDBACK[failing[i]].format(id=i) for i in ids) + _REASK_END.format(ids="、".join(ids))
        follow_up = request.messages + [{"role": "assistant", "content": answers_json(result.answers)},
                                        {"role": "user", "content": feedback}]
        again = self._ask(request, document, follow_up, expected=ids)
        result.prompt_tokens += again.prompt_tokens
        result.completion_tokens += again.completion_tokens
        result.reask_prompt_tokens = again.prompt_tokens
        for pack in (p for p in request.packs if p.id in failing):
            answers = [a for a in again.answers.get(pack.id, []) if a.verdict == "inconsistent"]
            if not answers:
                yield None, pack, failing[pack.id]
                continue
            finding, reason = to_finding(answers[0], pack, index)
            yield finding, pack, reason

    def _client_or_fatal(self) -> LLMClient | None:
        with self._client_lock:
            if self._client is None and self._fatal is None:
                try:
                    self._client = LLMClient(self.config, self._limit)
                except ModelError as exc:
                    self._fatal = str(exc)
            return self._client

    def _ask(self, request: Request, document: str, conversation: list[dict] | None = None,
             expected: list[str] | None = None) -> RequestOutcome:
        """The request's answers (or a follow-up ``conversation`` about its claims ``expected``), from
        the cache or the model. Claims its reply leaves out are asked for in the one retry."""
        conversation = conversation or request.messages
        ids = expected or request.ids
        key, digest = self.cache_key_for(request, conversation)
        entry = dict(document=document, kind=request.kind, line=request.line, base_url=self.config.base_url,
                     model=self.config.model, prompt_version=self.prompts.cache_version, pack_hash=digest)
        cached = self.store.get(key) if self.store else None
        if cached is not None and expected and cached.content == _NO_ANSWER:
            self._log(entry, {"messages": conversation}, cached.content, "stop", "cached", None, 0, 0, 0.0, True)
            return RequestOutcome(request, {}, cached=True)   # a follow-up that got no valid answer the first time
        if cached is not None:
            try:
                remembered = parse_answers(cached.content, "stop", ids)
            except AnswerError:   # written by a version with another answer model: ask again
                remembered = None
            if remembered is not None:
                self._log(entry, {"messages": conversation}, cached.content, "stop", "cached", None, 0, 0, 0.0, True)
                return RequestOutcome(request, remembered, cached=True)
        outcome = RequestOutcome(request)
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
                reply = client.complete(messages, deadline=self._deadline, max_tokens=self.config.max_tokens * len(ids),
                                        schema=answer_schema(ids))
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
                answers = parse_answers(reply.content, reply.finish_reason, ids)
            except AnswerError as exc:
                self._log_reply(entry, messages, reply, "invalid", str(exc))
                outcome.error = f"invalid answer after {attempt} attempt(s): {exc}"
                messages = messages + [{"role": "assistant", "content": reply.content or ""},
                                       {"role": "user", "content": _FEEDBACK.format(error=exc)}]
                continue
            outcome.answers = {**answers, **outcome.answers}
            missing = [i for i in ids if i not in outcome.answers]
            self._log_reply(entry, messages, reply, "ok" if not missing else "partial",
                            f"no answer for {', '.join(missing)}" if missing else None)
            if missing and attempt == 1:
                messages = messages + [{"role": "assistant", "content": reply.content or ""},
                                       {"role": "user", "content": _MISSING_FEEDBACK.format(
                                           ids="、".join(missing), all="、".join(ids))}]
                continue
            outcome.error = None
            if self.store:   # a claim still left out stays failed on a re-run too: a re-run sends nothing
                self.store.put(key, self.config.base_url, self.config.model, self.prompts.cache_version, digest,
                               answers_json(outcome.answers), outcome.prompt_tokens, outcome.completion_tokens)
            return outcome
        if expected and self.store:   # a follow-up answered invalidly twice stays unanswered on a re-run too
            self.store.put(key, self.config.base_url, self.config.model, self.prompts.cache_version, digest,
                           _NO_ANSWER, outcome.prompt_tokens, outcome.completion_tokens)
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
    def _result(self, plan: PackPlan, results: list[RequestOutcome], added: list[Finding], merged: int,
                dropped: Counter, verdicts: Counter, seconds: float) -> StageResult:
        outcomes = [o for r in results for o in r.outcomes()]
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
        questions_unsent = [u for u in plan.unsent if u.pack.kind != "section_review"]
        if questions_unsent:
            where = "；".join(f"{u.pack.label}（{u.reason}）" for u in questions_unsent[:10])
            more = f" 等 {len(questions_unsent)} 个" if len(questions_unsent) > 10 else ""
            notes.append(f"模型阶段：{len(questions_unsent)} 个问题未发送：{where}{more}")
        notes += _section_notes(outcomes, plan)
        if failed:
            notes.append(f"模型阶段：{len(failed)}/{total} 个问题未得到有效回答，相应的语义一致性未检查（原因见运行问题）")
        cached = sum(r.cached for r in results)
        run = {
            "offline": False, "model": self.config.model, "prompt_version": self.prompts.version,
            "tokens": {"prompt": sum(r.prompt_tokens for r in results),
                       "completion": sum(r.completion_tokens for r in results)},
            "llm_status": status,
            "base_url": self.config.base_url,
            "llm": {"questions": total, "requests": len(plan.requests), "sent": len(plan.requests) - cached,
                    "cached": cached, "answered": len(answered), "failed": len(failed),
                    "refused": sum(o.refused for o in outcomes),
                    "reasked": sum(r.reask_prompt_tokens is not None for r in results),
                    "reasked_prompt_tokens": sum(r.reask_prompt_tokens or 0 for r in results),
                    "not_sent": len(plan.unsent), "estimated_prompt_tokens": plan.tokens,
                    "verdicts": dict(verdicts), "kept": len(added), "merged_into_rule_findings": merged,
                    "dropped": dict(dropped), "elapsed_s": round(seconds, 3)},
        }
        run["llm"]["sections_read"], run["llm"]["sections_not_read"] = _sections(outcomes, plan)
        return StageResult(added, run, errors, notes)


def _sections(outcomes: list[Outcome], plan: PackPlan) -> tuple[list[str], list[str]]:
    """The evaluative sections the model read through (section review), and those it did not, with why."""
    read = [o.pack.label for o in outcomes if o.pack.kind == "section_review" and o.answer is not None]
    unread = [f"{o.pack.label}（未得到有效回答）" for o in outcomes
              if o.pack.kind == "section_review" and o.answer is None]
    unread += [f"{u.pack.label}（{u.reason}）" for u in plan.unsent if u.pack.kind == "section_review"]
    return read, unread


def _section_notes(outcomes: list[Outcome], plan: PackPlan) -> list[str]:
    """The memo's line on the sections not read through (those read are listed in run.llm)."""
    read, unread = _sections(outcomes, plan)
    if not unread:
        return []
    return [f"模型阶段：评价章节通读了 {len(read)} 个，未通读 {len(unread)} 个：" + "；".join(unread[:12])
            + (" 等" if len(unread) > 12 else "")]
