"""Tasks started from the catalogue, the way the task page starts them (a helper module:
not a conftest, whose name the other test folders import)."""
from __future__ import annotations

from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from planner.core.extensions import db
from planner.tasks.models import Task


def start_from_catalogue(client: FlaskClient, auth, key: str, department_id: int,  # noqa: ANN001
                         **overrides: object) -> int:
    """Post the task form a catalogue entry fills in, as the signed-in person; the new
    task's id."""
    page = client.get(f"/tasks/new?template={key}")
    assert page.status_code == 200
    form = {name: value for name, value in _prefilled(page.get_data(as_text=True)).items()}
    form.update({"csrf_token": auth.csrf_token(f"/tasks/new?template={key}"),
                 "department_id": str(department_id), **{k: str(v) for k, v in overrides.items()}})
    response = client.post(f"/tasks/new?template={key}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _prefilled(html: str) -> dict[str, str]:
    """The values of a page's inputs, selects and text areas (a browser's form data)."""
    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.values: dict[str, str] = {}
            self._select: str | None = None
            self._textarea: str | None = None

        def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
            attributes = dict(attrs)
            name = attributes.get("name")
            if tag == "input" and name and attributes.get("type") not in ("submit", "checkbox"):
                self.values[name] = attributes.get("value") or ""
            elif tag == "select" and name:
                self._select = name
            elif tag == "option" and self._select and "selected" in attributes:
                self.values[self._select] = attributes.get("value") or ""
            elif tag == "textarea" and name:
                self._textarea = name
                self.values[name] = ""

        def handle_endtag(self, tag: str) -> None:
            if tag == "select":
                self._select = None
            if tag == "textarea":
                self._textarea = None

        def handle_data(self, data: str) -> None:
            if self._textarea:
                self.values[self._textarea] += data

    reader = Reader()
    reader.feed(html)
    return reader.values


def start_as_admin(app: Flask, client: FlaskClient, auth, world, key: str) -> int:  # noqa: ANN001
    """Start a task from a catalogue entry as the administrator, in accounting; its id."""
    auth.login("admin@example.com")
    task_id = start_from_catalogue(client, auth, key, world.accounting)
    with app.app_context():
        assert db.session.scalar(select(Task.catalogue_key).where(Task.id == task_id)) == key
    return task_id
