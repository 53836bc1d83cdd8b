"""The Python-written choice widgets give the markup of Django's own templates."""

from __future__ import annotations

import re

from django import forms

from luoshi.lib.widgets import FastCheckboxSelectMultiple, FastSelect

CHOICES = [("", "全部"), ("1", "县发改局"), ("2", "<县&文旅局>"), ("3", "县交通局")]


def _norm(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).replace("> ", ">").strip()


def test_a_select_renders_as_django_does_with_and_without_a_choice() -> None:
    for value in (None, "2", ""):
        fast = FastSelect(choices=CHOICES, attrs={"required": True}).render("unit", value, {"id": "id_unit"})
        slow = forms.Select(choices=CHOICES, attrs={"required": True}).render(
            "unit", value, {"id": "id_unit"}
        )
        assert _norm(fast) == _norm(slow)
    assert "&lt;县&amp;文旅局&gt;" in fast and 'value="2"' in fast


def test_checkboxes_render_as_django_does_with_their_ticks() -> None:
    for value in (None, ["1"], ["1", "3"]):
        fast = FastCheckboxSelectMultiple(choices=CHOICES[1:]).render("status", value, {"id": "id_status"})
        slow = forms.CheckboxSelectMultiple(choices=CHOICES[1:]).render("status", value, {"id": "id_status"})
        assert _norm(fast) == _norm(slow)
    assert fast.count(" checked") == 2 and 'for="id_status_2"' in fast
