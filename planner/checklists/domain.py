"""A task's steps and an occurrence's checklist: the pure rules.

The steps come from the task's own list when it has one, else from the
numbered list of its procedure (Markdown, read with the parser the pages
render it with, so a step is exactly what the reader sees numbered)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt

from planner.core.errors import N_, Message

STEP_MAX_CHARS = 300
MAX_STEPS = 50

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False})


@dataclass(frozen=True)
class Step:
    text: str
    evidence_required: bool = False


@dataclass(frozen=True)
class ItemState:
    """What the preparation check needs to know of one checklist item."""

    position: int
    text: str
    ticked: bool
    evidence_required: bool
    evidence_count: int


def _plain(token) -> str:  # noqa: ANN001 - a markdown-it inline token
    """An inline token's text as read: markup dropped, line breaks as spaces."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return " ".join("".join(parts).split())


def numbered_steps(procedure: str) -> list[str]:
    """The items of the procedure's outermost numbered lists, in order: the
    first paragraph of each item (its nested lists are details of that step,
    not steps of their own). Bullets and headings are not steps."""
    steps: list[str] = []
    lists: list[str] = []  # the kinds of the lists the parser is inside
    want_text = False
    for token in _parser.parse(procedure or ""):
        if token.type in ("ordered_list_open", "bullet_list_open"):
            lists.append(token.type)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            want_text = lists == ["ordered_list_open"]
        elif token.type == "inline" and want_text:
            want_text = False
            text = _plain(token)[:STEP_MAX_CHARS]
            if text:
                steps.append(text)
    return steps[:MAX_STEPS]


def steps_for(explicit: Sequence[Step], procedure: str) -> list[Step]:
    """A task's steps: its explicit list, else its procedure's numbered list."""
    if explicit:
        return list(explicit)
    return [Step(text) for text in numbered_steps(procedure)]


def check_steps(steps: Sequence[Step]) -> dict[str, list[Message]]:
    """What is wrong with an explicit list of steps, by field (empty: nothing)."""
    errors: dict[str, list[Message]] = {}
    if len(steps) > MAX_STEPS:
        errors["steps"] = [N_("A task has at most %(max)d steps.", max=MAX_STEPS)]
    for index, step in enumerate(steps):
        if not step.text.strip():
            errors[f"steps-{index}-text"] = [N_("Write what the step is.")]
        elif len(step.text) > STEP_MAX_CHARS:
            errors[f"steps-{index}-text"] = [
                N_("A step has at most %(max)d characters.", max=STEP_MAX_CHARS)]
    return errors


def blocking(items: Iterable[ItemState]) -> list[Message]:
    """Why an occurrence cannot be prepared yet: one message per unticked
    step, and one per step that needs evidence and has none."""
    messages: list[Message] = []
    for item in sorted(items, key=lambda i: i.position):
        if not item.ticked:
            messages.append(N_("Step %(number)d is not ticked: %(step)s",
                               number=item.position, step=item.text))
        if item.evidence_required and item.evidence_count == 0:
            messages.append(N_("Step %(number)d needs evidence attached: %(step)s",
                               number=item.position, step=item.text))
    return messages
