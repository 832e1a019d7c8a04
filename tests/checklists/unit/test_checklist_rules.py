"""The checklist's pure rules: steps read from a procedure's numbered list,
a task's own list first, and what stops an occurrence being handed over."""
from __future__ import annotations

from planner.checklists.domain import (
    MAX_STEPS,
    STEP_MAX_CHARS,
    ItemState,
    Step,
    blocking,
    check_steps,
    numbered_steps,
    steps_for,
)

PROCEDURE = """# 給与計算の手順

前提：勤怠締め後に行う。

1. 勤怠データを**確定**する
   - 残業時間を確認
   - 休日出勤を確認
2. `給与奉行`で計算する
   1. 支給控除一覧を出す
3. 振込データを作成し
   銀行へ送る

- 注意：賞与月は別手順
"""


def test_the_outer_numbered_list_gives_the_steps_as_read():
    assert numbered_steps(PROCEDURE) == [
        "勤怠データを確定する", "給与奉行で計算する", "振込データを作成し 銀行へ送る"]


def test_bullets_headings_and_text_without_numbers_give_no_steps():
    assert numbered_steps("# 手順\n\n- 一つ目\n- 二つ目\n\n本文だけ") == []
    assert numbered_steps("") == []


def test_a_numbered_list_inside_a_bullet_is_not_the_procedure_s_steps():
    assert numbered_steps("- 準備\n  1. 内側\n  2. 内側2\n") == []


def test_several_numbered_lists_follow_each_other_and_parenthesis_numbers_count():
    assert numbered_steps("1. 一\n2. 二\n\n見出し\n\n1) 三\n2) 四\n") == ["一", "二", "三", "四"]


def test_a_list_may_start_at_any_number():
    assert numbered_steps("3. 三から\n4. 四\n") == ["三から", "四"]


def test_steps_are_cut_to_the_longest_a_step_may_be_and_capped_in_number():
    long = "あ" * (STEP_MAX_CHARS + 10)
    assert numbered_steps(f"1. {long}\n") == ["あ" * STEP_MAX_CHARS]
    many = "".join(f"{n}. 手順{n}\n" for n in range(1, MAX_STEPS + 6))
    assert len(numbered_steps(many)) == MAX_STEPS


def test_a_hard_line_break_and_an_image_read_as_the_page_shows_them():
    # Two trailing spaces (or a backslash) break the line: the reader sees two words.
    assert numbered_steps("1. 申請書を印刷  \n   押印する\n2. 控えを\\\n   保管\n") == [
        "申請書を印刷 押印する", "控えを 保管"]
    # An image is read by its alternative text.
    assert numbered_steps("1. ![届出書](form.png) を確認する\n") == ["届出書 を確認する"]


def test_an_empty_item_is_no_step():
    assert numbered_steps("1.\n2. 二\n") == ["二"]


def test_the_task_s_own_list_comes_before_the_procedure():
    own = [Step("自分の手順", evidence_required=True)]
    assert steps_for(own, PROCEDURE) == own
    assert steps_for([], "1. 一\n") == [Step("一", evidence_required=False)]


def test_an_explicit_list_needs_text_in_each_step_within_the_limits():
    assert check_steps([Step("確認する")]) == {}
    errors = check_steps([Step("ok"), Step("  "), Step("x" * (STEP_MAX_CHARS + 1))])
    assert set(errors) == {"steps-1-text", "steps-2-text"}
    assert set(check_steps([Step("a")] * (MAX_STEPS + 1))) == {"steps"}
    assert check_steps([Step("a")] * MAX_STEPS) == {}
    assert check_steps([Step("x" * STEP_MAX_CHARS)]) == {}


def test_each_refused_step_says_what_to_fix_next_to_its_field():
    errors = check_steps([Step("ok"), Step("  "), Step("x" * (STEP_MAX_CHARS + 1))])
    assert {field: [m.render() for m in messages] for field, messages in errors.items()} == {
        "steps-1-text": ["Write what the step is."],
        "steps-2-text": ["A step has at most 300 characters."]}
    [too_many] = check_steps([Step("a")] * (MAX_STEPS + 1))["steps"]
    assert too_many.render() == "A task has at most 50 steps."


def _item(position, ticked, required=False, files=0):  # noqa: ANN001, ANN202
    return ItemState(position, f"手順{position}", ticked, required, files)


def test_every_unticked_step_and_every_required_file_missing_blocks():
    messages = blocking([_item(2, False, required=True), _item(1, True, required=True),
                         _item(3, True, required=True, files=1), _item(4, True)])
    rendered = [m.render() for m in messages]
    assert rendered == ["Step 1 needs evidence attached: 手順1",
                        "Step 2 is not ticked: 手順2",
                        "Step 2 needs evidence attached: 手順2"]


def test_a_checklist_all_ticked_with_its_files_blocks_nothing():
    assert blocking([_item(1, True), _item(2, True, required=True, files=2)]) == []
    assert blocking([]) == []
