"""Survey aggregates as pure functions over frames: counts, distributions, means and the values
that feed indicators, with small groups suppressed (docs/methodology.md#surveys).

No Django here (it belongs with msoko/analytics; it lives beside the app until that package
takes it). Input frames:

* ``responses``: one row per response — ``org_id``, ``response_id``;
* ``answers``: one row per stored answer — ``org_id``, ``response_id``, ``question_id``,
  ``value`` (scale point or option number; null for a text answer). A multiple-choice answer
  is one row per chosen option.

Suppression: an organisation with fewer than ``min_answers`` responses contributes nothing, and
neither does a question fewer than ``min_answers`` of its respondents answered (an optional
question), so no figure is ever computed from fewer than ``min_answers`` people.
"""

from __future__ import annotations

import polars as pl

ORG, RESPONSE, QUESTION, VALUE = "org_id", "response_id", "question_id", "value"
SHARE_AT_LEAST, SHARE_OF_OPTIONS, MEAN = "share_at_least", "share_of_options", "mean"


def response_counts(responses: pl.DataFrame) -> pl.DataFrame:
    """Responses per organisation: ``org_id``, ``responses``; sorted by ``org_id``."""
    return responses.group_by(ORG).agg(responses=pl.col(RESPONSE).n_unique()).sort(ORG)


def _shown(answers: pl.DataFrame, responses: pl.DataFrame, *, min_answers: int) -> pl.DataFrame:
    """The answers of organisations at or above the minimum, with ``answered`` (distinct
    respondents of the question), keeping only questions at or above the minimum too."""
    enough = response_counts(responses).filter(pl.col("responses") >= min_answers).select(ORG)
    kept = answers.join(enough, on=ORG, how="semi")
    return kept.with_columns(answered=pl.col(RESPONSE).n_unique().over([ORG, QUESTION])).filter(
        pl.col("answered") >= min_answers
    )


def question_summary(answers: pl.DataFrame, responses: pl.DataFrame, *, min_answers: int) -> pl.DataFrame:
    """One row per shown organisation × question: ``answered`` (respondents who answered it) and
    ``mean`` of the numeric values (meaningful for scales; null for text). Sorted."""
    shown = _shown(answers, responses, min_answers=min_answers)
    return (
        shown.group_by([ORG, QUESTION])
        .agg(answered=pl.col("answered").first(), mean=pl.col(VALUE).mean())
        .sort([ORG, QUESTION])
    )


def value_distribution(answers: pl.DataFrame, responses: pl.DataFrame, *, min_answers: int) -> pl.DataFrame:
    """One row per shown organisation × question × value: ``count`` of respondents choosing it
    and ``share`` of the question's respondents (0..1; multiple-choice shares may sum over 1).
    Text answers (null value) are left out. Sorted by organisation, question, value."""
    shown = _shown(answers, responses, min_answers=min_answers).filter(pl.col(VALUE).is_not_null())
    return (
        shown.group_by([ORG, QUESTION, VALUE])
        .agg(count=pl.col(RESPONSE).n_unique(), answered=pl.col("answered").first())
        .with_columns(share=pl.col("count") / pl.col("answered"))
        .select([ORG, QUESTION, VALUE, "count", "share"])
        .sort([ORG, QUESTION, VALUE])
    )


def mapped_values(
    answers: pl.DataFrame, responses: pl.DataFrame, mappings: pl.DataFrame, *, min_answers: int
) -> pl.DataFrame:
    """Indicator values per shown organisation: ``org_id``, ``indicator_code``, ``value``.

    ``mappings``: ``question_id``, ``indicator_code``, ``rule``, ``threshold`` (scale point),
    ``options`` (list of option numbers). Rules: ``share_at_least`` — % of the question's
    respondents whose scale value ≥ threshold; ``share_of_options`` — % of respondents choosing
    any of ``options``; ``mean`` — the mean scale value. Sorted by organisation and code.
    """
    shown = _shown(answers, responses, min_answers=min_answers).filter(pl.col(VALUE).is_not_null())
    frames = []
    for mapping in mappings.iter_rows(named=True):
        rows = shown.filter(pl.col(QUESTION) == mapping[QUESTION])
        if mapping["rule"] == MEAN:
            # one value per respondent for a scale, so the mean of rows is the respondents' mean
            value = pl.col(VALUE).mean()
        else:
            hit = (
                pl.col(VALUE) >= mapping["threshold"]
                if mapping["rule"] == SHARE_AT_LEAST
                else pl.col(VALUE).is_in(list(mapping["options"] or []))
            )
            value = pl.col(RESPONSE).filter(hit).n_unique() / pl.col(RESPONSE).n_unique() * 100
        frames.append(
            rows.group_by(ORG)
            .agg(value=value.cast(pl.Float64))
            .with_columns(indicator_code=pl.lit(mapping["indicator_code"]))
        )
    if not frames:
        return pl.DataFrame(schema={ORG: pl.Int64, "indicator_code": pl.String, "value": pl.Float64})
    return pl.concat(frames).select([ORG, "indicator_code", "value"]).sort([ORG, "indicator_code"])
