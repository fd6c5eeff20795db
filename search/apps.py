from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search (one index over every app's documents, Chinese segmented)"

    def ready(self) -> None:
        from search import sources

        sources.register()
