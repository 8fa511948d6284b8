"""Links that other apps add to the study page, without identification importing them.

An app's AppConfig may define `study_links(*, study, user, can_edit) -> list[(label, url)]`;
DESIGN.md has surveys and engagement depend on identification, never the reverse.
"""

from django.apps import apps


def study_links(*, study, user, can_edit: bool) -> list[tuple[str, str]]:
    links = []
    for config in apps.get_app_configs():
        provider = getattr(config, "study_links", None)
        if provider is not None:
            links.extend(provider(study=study, user=user, can_edit=can_edit))
    return links
