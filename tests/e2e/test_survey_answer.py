"""A parent answers the kindergarten's questionnaire from its link on a phone-sized screen
(375×667): no sideways scrolling, big enough targets, the required-question message, the
thank-you page, and the device mark that stops a second answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import sync_playwright

from msoko.collection.surveys import services
from msoko.collection.surveys.models import Answer, Response
from tests import factories
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def opened(transactional_db):
    kindergarten = factories.OrganizationFactory(
        code="0101", name="МБДОУ «Детский сад № 5 «Солнышко»»", short_name="Детский сад № 5", kind="preschool"
    )
    preschool = services.ready_made_questionnaires()[1]
    today = timezone.localdate()
    survey = services.open_survey(
        actor=None,
        questionnaire=preschool,
        title="",
        school_year=factories.SchoolYearFactory(),
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=7),
        organizations=[kindergarten],
    )
    questions = [(q.position, q.kind) for q in preschool.questions.all()]
    return survey.participants.get().slug, questions


def test_a_parent_answers_on_a_phone(live_server, opened):
    slug, questions = opened
    url = f"{live_server.url}/surveys/a/{slug}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="ru-RU", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            page.goto(url)
            assert "Детский сад № 5" in page.locator(".survey-org").inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            point = page.locator("#question-1 .survey-scale label").first.bounding_box()
            assert point["height"] >= 44
            assert point["width"] >= 44

            page.get_by_role("button", name="Отправить ответы").click()
            page.wait_for_load_state()
            assert "Ответьте на отмеченные вопросы" in page.locator("#answer-errors").inner_text()

            for position, kind in questions:
                block = page.locator(f"#question-{position}")
                if kind == "scale":
                    block.locator(".survey-scale label").nth(3).tap()  # «4»
                elif kind == "single":
                    block.locator(".survey-choices label").first.tap()
                elif kind == "multiple":
                    block.locator(".survey-choices label").nth(1).tap()
                else:
                    block.locator("textarea").fill("Больше прогулок на свежем воздухе")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.get_by_role("button", name="Отправить ответы").click()
            page.wait_for_load_state()
            assert "Спасибо! Ваши ответы приняты." in page.locator("#survey-thanks").inner_text()

            page.goto(url)
            assert page.locator("#survey-state").get_attribute("data-state") == "answered"
        finally:
            context.close()
            browser.close()

    response = Response.objects.get()
    scales = [kind == "scale" for _, kind in questions].count(True)
    assert (
        list(Answer.objects.filter(response=response, question__kind="scale").values_list("value", flat=True))
        == [4] * scales
    )
    assert Answer.objects.filter(response=response, text="Больше прогулок на свежем воздухе").count() == 1
