from django.apps import AppConfig
from django.urls import reverse


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Surveys"

    def study_links(self, *, study, user, can_edit: bool) -> list[tuple[str, str]]:
        """The study page's links to this app (see identification.selectors.navigation)."""
        links = [("Surveys", reverse("surveys:survey_list", args=[study.slug]))]
        if can_edit:
            links.append(("Import evidence", reverse("surveys:import_index", args=[study.slug])))
        return links
