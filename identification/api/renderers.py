"""A CSV renderer, so that `Accept: text/csv` and `?format=csv` select the CSV answer.

The ranking's CSV itself is streamed by its view (identification.exports.rankings); this
renderer only takes part in content negotiation, and renders error bodies as JSON would
never be asked of it (errors switch back to JSON in the view).
"""

from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("CSV answers are streamed by their view.")
