"""`{{ n|counted:"mention" }}`: a number with its noun, "1 mention", "2,300 mentions".

Pages write counts with this filter rather than "{{ n }} mentions", so that no count reads
"1 mentions" (tests/test_templates.py fails on a count followed by a bare plural).
"""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def counted(value, noun: str) -> str:
    """`noun` is "singular" (plural adds an s) or "singular,plural"."""
    singular, _, plural = noun.partition(",")
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{intcomma(number)} {singular if number == 1 else plural or singular + 's'}"
