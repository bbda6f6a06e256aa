"""The furniture of a news site's page that copied article text brings along.

Text taken from a page keeps its pictures' controls and credits as paragraphs of their own:
"Enlarge this image toggle caption Win McNamee/Getty Images Win McNamee/Getty Images" on
NPR's pages, "Hide Caption 3 of 10 Photos: ..." in CNN's galleries. They are no part of the
report: left in, such a line became the story's summary on the home page, and the
photographers it credits were tagged as people the article is about.
"""

import re

# The picture controls such a paragraph opens with, in the words sites print.
IMAGE_CONTROLS = ("Enlarge this image", "toggle caption", "hide caption")

_CONTROL = "|".join(re.escape(control) for control in IMAGE_CONTROLS)
_ANY_CONTROL = re.compile(_CONTROL, re.IGNORECASE)
_OPENS_WITH_CONTROL = re.compile(rf"\s*(?:{_CONTROL})\b", re.IGNORECASE)


def without_image_chrome(text):
    """Plain ``text`` without the lines (its paragraphs) that open with a picture control."""
    if not _ANY_CONTROL.search(text):
        return text
    return "\n".join(line for line in text.split("\n") if not _OPENS_WITH_CONTROL.match(line))
