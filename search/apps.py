from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search (one index over every app's documents, Chinese segmented)"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Interest
        from search import sources
        from search.textmatch import concepts

        sources.register()
        # A renamed field or a new synonym changes the concept space: indexes rebuild.
        post_save.connect(concepts.invalidate, sender=Interest, dispatch_uid="textmatch-interest-save")
        post_delete.connect(concepts.invalidate, sender=Interest, dispatch_uid="textmatch-interest-delete")
