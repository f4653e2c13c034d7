"""Every field bounded by its column (or a sane number), refused with a Thai message; Django's own
messages in Thai."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django import forms
from django.db import models
from django.utils import translation

from msoc.web.validation import MAX_INT
from tests.web.conftest import DAY

FORM_MODULES = ("msoc.web.forms", "msoc.web.forms_register", "msoc.web.views.alerts")
ENGLISH = re.compile(r"Ensure|characters|Null|allowed|Enter a|This field|valid")


def _all_forms() -> list[type[forms.Form]]:
    found: list[type[forms.Form]] = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        found += [
            v
            for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, forms.Form) and v.__module__ == name
        ]
    return found


def _fields(form: type[forms.Form]) -> dict[str, forms.Field]:
    return dict(form.base_fields)  # type: ignore[attr-defined]


def test_every_text_field_is_bounded_and_every_number_has_a_maximum() -> None:
    unbounded = []
    for form in _all_forms():
        for name, field in _fields(form).items():
            where = f"{form.__name__}.{name}"
            if type(field) in (forms.CharField, forms.EmailField) and not field.max_length:
                unbounded.append(where)
            number = isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField)
            if number and field.max_value is None and getattr(field, "max_digits", None) is None:
                unbounded.append(where)
    assert not unbounded, unbounded


def _columns() -> list[tuple[type[forms.Form], str, type[models.Model], str]]:
    from msoc.apps.alerts.models import AlertRule, DistributionList, Recipient
    from msoc.apps.hotline.models import Case
    from msoc.apps.news.models import Item
    from msoc.apps.register.models import Consent
    from msoc.apps.reports.models import NewsRow, StandingBlock
    from msoc.web import forms as web
    from msoc.web import forms_register as reg
    from msoc.web.views import alerts

    return [
        (web.RowForm, "source", NewsRow, "source"),
        (web.RowForm, "place", NewsRow, "place"),
        (web.ReviewEditForm, "place", Item, "place"),
        (web.ReviewEditForm, "section", Item, "section"),
        (web.StandingForm, "title", StandingBlock, "title"),
        (reg.ConsentForm, "purpose", Consent, "purpose"),
        (reg.ConsentForm, "given_by", Consent, "given_by"),
        (reg.CaseLinkForm, "case_id", Case, "case_id"),
        (alerts.ListForm, "name", DistributionList, "name"),
        (alerts.ListForm, "description", DistributionList, "description"),
        (alerts.RecipientForm, "name", Recipient, "name"),
        (alerts.RecipientForm, "position", Recipient, "position"),
        (alerts.RecipientForm, "email", Recipient, "email"),
        (alerts.RuleForm, "name", AlertRule, "name"),
    ]


def test_no_form_allows_more_than_its_column_holds() -> None:
    for form, name, model, column in _columns():
        limit = model._meta.get_field(column).max_length
        assert _fields(form)[name].max_length <= limit, f"{form.__name__}.{name} > {limit}"


@pytest.mark.django_db
def test_review_edit_refuses_a_place_longer_than_its_column(
    clients: dict[str, Any], news: Any
) -> None:
    from msoc.apps.review.models import Review

    editor, item = clients["editor"], news.items[0]
    for data in ({"place": "ก" * 4000}, {"summary": "ข" * 4001}, {"summary": "a\x00b"}):
        response = editor.post(f"/review/{item.pk}/edit/", data, HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert response.status_code == 400, data
        assert ("ยาวเกิน" in page or "NUL" in page) and not ENGLISH.search(page), page
    plain = editor.post(f"/review/{item.pk}/edit/", {"place": "ก" * 4000}, follow=True)
    assert "สถานที่ยาวเกิน 120 ตัวอักษร" in plain.content.decode()
    item.refresh_from_db()
    assert item.place == "เชียงใหม่" and not Review.objects.filter(item=item).exists()


@pytest.mark.django_db
def test_django_messages_reach_people_in_thai(clients: dict[str, Any]) -> None:
    page = clients["viewer"].get("/search/", {"q": "ก" * 201}).content.decode()
    assert "ยาวเกิน 200 ตัวอักษร" in page and "Ensure this value" not in page
    page = clients["viewer"].get("/search/", {"q": "a\x00b"}).content.decode()
    assert "มีอักขระ NUL ซึ่งไม่อนุญาต" in page and "Null characters" not in page
    with translation.override("th"):
        for english in (
            "Null characters are not allowed.",
            "Enter a whole number.",
            "Enter a valid date.",
            "This field is required.",
        ):
            assert not ENGLISH.search(translation.gettext(english)), english


@pytest.mark.django_db
def test_numbers_beyond_their_columns_are_refused(clients: dict[str, Any]) -> None:
    from msoc.apps.hotline.models import DayTotals

    response = clients["editor"].post(
        f"/entry/hotline/{DAY.isoformat()}/", {"total": str(MAX_INT + 1)}
    )
    assert response.status_code == 400 and "มากเกินไป" in response.content.decode()
    assert not DayTotals.objects.exists()


@pytest.mark.django_db
def test_free_text_posted_outside_forms_refuses_nul(clients: dict[str, Any]) -> None:
    editor = clients["editor"]
    editor.raise_request_exception = False
    day = DAY.isoformat()
    for url, data in (
        (f"/reports/{day}/suggestions/accept/", {"line": ["ประเด็น\x00"]}),
        (f"/reports/{day}/issue/", {"override_key_1": "k", "override_reason_1": "เหตุ\x00ผล"}),
    ):
        response = editor.post(url, data)
        assert response.status_code == 400, url
        assert "อักขระ NUL" in response.content.decode()
