"""A task's reading (フリガナ) over a real database: suggested when left empty,
following a new title while it is still the suggestion, the registry in
五十音 order, and a search that finds a title however its kana are typed."""
from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.core.kana import gojuon_key
from planner.people.models.user import User
from planner.tasks import operations as task_service
from planner.tasks.models import Task
from planner.tasks.operations import TaskData, TaskFilters

DEMO_TITLES = ("住民税の納入", "勤怠の締め", "年末調整", "源泉徴収票の交付")


def _manager(world) -> User:  # noqa: ANN001
    return db.session.get(User, world.manager)


def _add(world, title: str, reading: str = "") -> Task:  # noqa: ANN001
    return task_service.create_task(_manager(world), TaskData(
        title=title, reading=reading, department_id=world.payroll, category="tax"))


def _titles(world, **filters) -> list[str]:  # noqa: ANN001, ANN003
    page = task_service.list_tasks(_manager(world), TaskFilters(**filters), per_page=50)
    return [task.title for task in page.items]


def test_an_empty_reading_is_suggested_and_a_given_one_kept_in_katakana(ctx, world):
    assert _add(world, "年末調整").reading == "ネンマツチョウセイ"
    assert _add(world, "勤怠", "きんたい").reading == "キンタイ"
    assert _add(world, "賞与", "ｼｮｳﾖ").reading == "ショウヨ"


def test_a_suggested_reading_follows_a_new_title_and_a_corrected_one_stays(ctx, world):
    task = _add(world, "住民税")

    def save(title: str, reading: str) -> None:
        task_service.update_task(_manager(world), task, TaskData(
            title=title, reading=reading, department_id=world.payroll, category="tax"))

    save("勤怠", task.reading)
    assert task.reading == "キンタイ"
    save("勤怠", "キンタイシメ")
    save("勤怠の締め", task.reading)
    assert task.reading == "キンタイシメ"


def test_the_sort_key_and_search_text_follow_every_save(ctx, world):
    task = _add(world, "年末調整")
    db.session.commit()
    assert task.reading_key == gojuon_key("ネンマツチョウセイ")
    # Another feature writing the title straight to the model: the columns follow on flush.
    task.title, task.reading = "源泉所得税の納付", ""
    db.session.flush()
    assert task.reading == "ゲンセンショトクゼイノノウフ"
    assert task.reading_key == gojuon_key(task.reading)
    assert "ゲンセン" in task.search_text


def test_the_registry_lists_titles_in_gojuon_order_of_their_readings(ctx, world):
    for title in DEMO_TITLES:
        _add(world, title)
    db.session.commit()
    listed = [t for t in _titles(world) if t in DEMO_TITLES]
    assert listed == ["勤怠の締め", "源泉徴収票の交付", "住民税の納入", "年末調整"]
    backwards = [t for t in _titles(world, sort="-title") if t in DEMO_TITLES]
    assert backwards == listed[::-1]


def test_a_search_finds_a_title_by_kanji_hiragana_katakana_or_half_width_kana(ctx, world):
    # The world's payroll task is 源泉所得税の納付.
    for typed in ("源泉", "げんせん", "ゲンセン", "ｹﾞﾝｾﾝ", "しょとくぜい", "の納付", "ノノウフ"):
        assert _titles(world, q=typed) == ["源泉所得税の納付"], typed
    assert _titles(world, q="じゅうみん") == []
    # The other columns are still searched as typed.
    assert _titles(world, q="PAY-001") == ["源泉所得税の納付"]
    # % and _ are literal.
    assert _titles(world, q="%") == []


def test_owner_pickers_list_people_by_reading(ctx, world):
    manager = _manager(world)
    choices = task_service.people_choices([world.payroll])
    # 佐藤 花子 (サトウ) before 鈴木 一郎 (スズキ): so by name too, here by reading.
    names = [name for _, name in choices]
    keys = [db.session.scalar(select(User.reading_key).where(User.name == n)) for n in names]
    assert keys == sorted(keys) and manager.name in names
