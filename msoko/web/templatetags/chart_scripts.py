"""``{% chart_scripts %}``: the Vega builds and charts.js on a page with charts, when installed.

The builds come from the npm registry (package.json, `make vendor`) into static/vendor; a site
without them shows the server-rendered SVG of every chart, which is the same specification.
"""

from __future__ import annotations

import json
from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from msoko.reports.charts import FORMAT_LOCALE

register = template.Library()
VENDOR = ("vendor/vega/vega.min.js", "vendor/vega/vega-lite.min.js", "vendor/vega/vega-embed.min.js")


@lru_cache(maxsize=1)
def vega_installed() -> bool:
    return all(finders.find(path) for path in VENDOR)


@register.simple_tag
def chart_scripts() -> SafeString:
    if not vega_installed():
        return SafeString("")
    scripts = format_html_join(
        "\n", '<script src="{}" defer></script>', ((static(path),) for path in (*VENDOR, "msoko/charts.js"))
    )
    locale = json.dumps(FORMAT_LOCALE, ensure_ascii=False).replace("<", "\\u003c")
    return format_html(
        '{}\n<script type="application/json" id="chart-locale">{}</script>', scripts, SafeString(locale)
    )
